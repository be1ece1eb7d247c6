//! `armistice completions`: shell completions, generated from the clap definition.

use armistice::Result;
use clap::Args;

pub const EXAMPLES: &str = "\
Examples:
  armistice completions bash \\
      > ~/.local/share/bash-completion/completions/armistice
  armistice completions zsh > ~/.zfunc/_armistice     (with fpath+=~/.zfunc)
  armistice completions fish > ~/.config/fish/completions/armistice.fish";

#[derive(Args, Debug)]
pub struct CompletionArgs {
    /// Shell
    pub shell: clap_complete::Shell,
}

pub fn completions(a: CompletionArgs) -> Result<()> {
    use clap::CommandFactory;
    let mut cmd = super::args::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "armistice", &mut buf);
    super::out(&String::from_utf8_lossy(&buf))
}
