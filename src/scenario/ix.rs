//! The index types that name what a number points at: an actor ([`ActorIx`]), an issue
//! ([`IssueIx`]), a party within an issue ([`PartyIx`]) and a position on an issue ([`Pos`]).
//!
//! A validated [`Scenario`](super::Scenario) refers to everything by index; these types say which
//! kind, so that `move_party(t, i: IssueIx, k: PartyIx)` reads by itself and an actor cannot be
//! passed where a party is meant. Each is a `#[repr(transparent)]` `Copy` wrapper with `#[inline]`
//! accessors: it costs nothing at run time. A `Vec` or slice can be indexed by any of them
//! directly (`w.discount[lead]`, `issue.positions[p]`), with the same bounds check as a `usize`.
//! Numeric inner loops over flat buffers (`x[q * nact + a]` in `engine::solve`) take the plain
//! `usize` from [`ActorIx::ix`] or [`Pos::ix`] at their boundary.
//!
//! Actors, issues and parties are few, and their indices are `usize` inside. A position is a `u32`
//! inside: every run keeps one per party per issue, and every outcome one per settled issue. Each
//! type serializes as the bare number, as the plain indices did before it.

use std::ops::{Index, IndexMut};

use serde::{Deserialize, Serialize};

/// Defines an index type over `usize`.
macro_rules! usize_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        #[repr(transparent)]
        pub struct $name(usize);

        impl $name {
            /// The index with this number.
            #[inline]
            pub const fn new(i: usize) -> $name {
                $name(i)
            }

            /// The plain index, for arithmetic over flat buffers.
            #[inline]
            pub const fn ix(self) -> usize {
                self.0
            }

            /// Every index below `n`, in order.
            #[inline]
            pub fn all(n: usize) -> impl DoubleEndedIterator<Item = $name> + ExactSizeIterator + Clone {
                (0..n).map($name)
            }
        }

        impl From<usize> for $name {
            #[inline]
            fn from(i: usize) -> $name {
                $name(i)
            }
        }

        impl From<$name> for usize {
            #[inline]
            fn from(i: $name) -> usize {
                i.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        indexes!($name);
    };
}

/// Lets slices and vectors be indexed by an index type.
macro_rules! indexes {
    ($name:ident) => {
        impl<T> Index<$name> for [T] {
            type Output = T;
            #[inline]
            fn index(&self, i: $name) -> &T {
                &self[i.ix()]
            }
        }

        impl<T> IndexMut<$name> for [T] {
            #[inline]
            fn index_mut(&mut self, i: $name) -> &mut T {
                &mut self[i.ix()]
            }
        }

        impl<T> Index<$name> for Vec<T> {
            type Output = T;
            #[inline]
            fn index(&self, i: $name) -> &T {
                &self.as_slice()[i.ix()]
            }
        }

        impl<T> IndexMut<$name> for Vec<T> {
            #[inline]
            fn index_mut(&mut self, i: $name) -> &mut T {
                &mut self.as_mut_slice()[i.ix()]
            }
        }
    };
}

usize_index!(
    /// An actor: an index into [`Scenario::actors`](super::Scenario::actors).
    ActorIx
);

usize_index!(
    /// An issue: an index into [`Scenario::issues`](super::Scenario::issues).
    IssueIx
);

usize_index!(
    /// A party to an issue: an index into that issue's [`parties`](super::Issue::parties) (party 0,
    /// party 1, …), not an actor.
    PartyIx
);

/// A position on an issue: an index into its [`positions`](super::Issue::positions) (the option
/// index of a discrete issue, the grid step of a continuous one).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
#[repr(transparent)]
pub struct Pos(u32);

impl Pos {
    /// The position with this index. An issue has at most
    /// [`MAX_POSITIONS`](super::MAX_POSITIONS) positions, so every index fits.
    #[inline]
    pub const fn new(p: usize) -> Pos {
        debug_assert!(p <= u32::MAX as usize);
        Pos(p as u32)
    }

    /// The position with this number.
    #[inline]
    pub const fn from_u32(p: u32) -> Pos {
        Pos(p)
    }

    /// The plain index, for arithmetic over flat buffers (`x[q * nact + a]`).
    #[inline]
    pub const fn ix(self) -> usize {
        self.0 as usize
    }

    /// The position as the `u32` it is stored as.
    #[inline]
    pub const fn get(self) -> u32 {
        self.0
    }

    /// How many positions apart `self` and `o` are.
    #[inline]
    pub const fn distance(self, o: Pos) -> u32 {
        self.0.abs_diff(o.0)
    }

    /// Every position of an issue with `n` positions, in order.
    #[inline]
    pub fn all(n: usize) -> impl DoubleEndedIterator<Item = Pos> + ExactSizeIterator + Clone {
        (0..n).map(Pos::new)
    }
}

impl From<u32> for Pos {
    #[inline]
    fn from(p: u32) -> Pos {
        Pos(p)
    }
}

impl From<Pos> for u32 {
    #[inline]
    fn from(p: Pos) -> u32 {
        p.0
    }
}

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

indexes!(Pos);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_index_vectors_and_slices_like_their_numbers() {
        let v = ["a", "b", "c"].to_vec();
        assert_eq!(v[ActorIx::new(1)], "b");
        assert_eq!(v[..][Pos::new(2)], "c");
        let mut w = vec![0u8; 3];
        w[IssueIx::new(0)] = 7;
        w[PartyIx::new(2)] += 1;
        assert_eq!(w, [7, 0, 1]);
        assert_eq!(Pos::all(3).map(Pos::ix).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(ActorIx::all(2).last(), Some(ActorIx::new(1)));
    }

    #[test]
    fn indices_serialize_as_bare_numbers() {
        let v = (Pos::new(3), ActorIx::new(4), Some((5u32, Pos::new(6))));
        assert_eq!(serde_json::to_string(&v).unwrap(), "[3,4,[5,6]]");
        let back: (Pos, ActorIx, Option<(u32, Pos)>) = serde_json::from_str("[3,4,[5,6]]").unwrap();
        assert_eq!(back, v);
    }
}
