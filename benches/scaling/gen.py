#!/usr/bin/env python3
"""Writes a synthetic scenario for measuring how cost grows (docs/performance.md, "How cost grows").

    python3 benches/scaling/gen.py --issues I --actors A --horizon T > scenario.toml

Two sides; the first two actors lead them, the others are split between the sides as veto players.
Each issue has ten options with opposed linear payoffs. Both leads are hard-liners, so no issue ever
settles and every run plays all T turns: the cost per turn is then that of a stalemate turn, in which
each lead still values staying, conceding one step and accepting (with every veto player's consent)
on every issue. One state variable with noise and one flow per actor keep the valuations realistic.
"""
import argparse

p = argparse.ArgumentParser()
p.add_argument("--issues", type=int, default=4)
p.add_argument("--actors", type=int, default=2)
p.add_argument("--horizon", type=int, default=100)
a = p.parse_args()
assert a.actors >= 2 and a.issues >= 1

out = []
w = out.append
w(f'[scenario]\nid = "scaling_{a.issues}i_{a.actors}a_{a.horizon}t"\n'
  f'title = "Scaling probe: {a.issues} issues, {a.actors} actors, {a.horizon} turns"\n'
  f'horizon = {a.horizon}\nruns = 100\nseed = 1\n')
for i in range(a.issues):
    w(f'[[dimension]]\nid = "d{i}"\n')
w('[[dimension]]\nid = "war"\n')
actors = [f"X{k}" for k in range(a.actors)]
side_of = {x: ("A" if k % 2 == 0 else "B") for k, x in enumerate(actors)}
for s, lead in (("A", actors[0]), ("B", actors[1])):
    vetoes = [x for x in actors[2:] if side_of[x] == s]
    w(f'[[side]]\nid = "{s}"\nlead = "{lead}"\nveto = {vetoes!r}\n'.replace("'", '"'))
w('[[state]]\nid = "front"\ninitial = 0.0\nmin = -1.0\nmax = 1.0\nnoise = 0.05\n')
for k, x in enumerate(actors):
    strategy = "hardliner" if k < 2 else "logit"
    weights = ", ".join(f"d{i} = 1.0" for i in range(a.issues)) + ", war = 1.0"
    w(f'[[actor]]\nid = "{x}"\nside = "{side_of[x]}"\ndiscount = 0.99\nstrategy = "{strategy}"\n'
      f'weights = {{ {weights} }}\n')
for i in range(a.issues):
    w(f'[[issue]]\nid = "i{i}"\nlabel = "Issue {i}"\n')
    for v in range(10):
        eff = ", ".join(
            f'{x} = {{ d{i} = {(v / 9 if side_of[x] == "A" else 1 - v / 9):.6f} }}' for x in actors
        )
        w(f'[[issue.options]]\nid = "v{v}"\neffects = {{ {eff} }}\n')
w('[[agreement]]\nid = "deal"\nlabel = "The package"\nissues = [' +
  ", ".join(f'"i{i}"' for i in range(a.issues)) + "]\n")
for x in actors:
    sign = "-" if side_of[x] == "A" else ""
    w(f'[[flow]]\nid = "cost_{x}"\nto = "{x}"\ndimension = "war"\n'
      f'value = "-0.01 + {sign}0.005 * front"\nwhen = "not agreed(deal)"\n')
print("\n".join(out))
