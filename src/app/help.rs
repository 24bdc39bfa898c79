//! The command line in French: clap writes its help headings, its `--help` and `--version`
//! flags, its default values and its errors in English, so each is replaced here, for every
//! command, before the arguments are parsed.

use super::cli::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};

/// Parses the process's arguments; prints the help, the version or a French error and exits.
pub fn parse() -> Cli {
    let mut command = command();
    let parsed = command
        .try_get_matches_from_mut(help_as_flag(std::env::args_os().collect()))
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m));
    match parsed {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        Err(e) => {
            let usage = command.render_usage().to_string();
            eprintln!("{}", french_error(&e, &usage));
            std::process::exit(2)
        }
    }
}

/// `ensemble help [COMMANDE]` and `ensemble aide [COMMANDE]` are `ensemble [COMMANDE] --help`.
fn help_as_flag(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    if args.get(1).is_some_and(|a| a == "help" || a == "aide") {
        args.remove(1);
        args.push("--help".into());
    }
    args
}

/// The `ensemble` command with its French help, for every subcommand.
pub fn command() -> clap::Command {
    frenchify(Cli::command()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Affiche la version")
            .help_heading(OPTIONS),
    )
}

// clap writes the colon right after a heading; French puts a space before it (an ordinary
// one, as in every message of the terminal).
const OPTIONS: &str = "Options ";
const ARGUMENTS: &str = "Arguments ";
const COMMANDS: &str = "Commandes ";

fn frenchify(command: clap::Command) -> clap::Command {
    command
        .help_template("{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name("COMMANDE")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Affiche cette aide"),
        )
        .mut_args(french_arg)
        .mut_subcommands(frenchify)
}

/// Headings in French, and the default value said in the help text rather than as
/// `[default: …]`.
fn french_arg(arg: Arg) -> Arg {
    let arg = if arg.is_positional() {
        arg.help_heading(ARGUMENTS)
    } else {
        arg.help_heading(OPTIONS)
    };
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if defaults.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let said = format!("(par défaut : {})", defaults.join(", "));
    let help = if help.is_empty() {
        said
    } else {
        format!("{help} {said}")
    };
    arg.help(help).hide_default_value(true)
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(" », « ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(" », « "),
        ),
        _ => None,
    }
}

/// What clap found wrong, said in French, with the usage line and where to read more.
fn french_error(e: &clap::Error, root_usage: &str) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue « {} »",
            context(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("option inconnue « {arg} »"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("valeur « {value} » invalide pour « {arg} »")
        }
        ErrorKind::MissingRequiredArgument => format!("il manque « {arg} »"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "il manque la commande à lancer".to_string()
        }
        ErrorKind::ArgumentConflict => {
            format!("« {arg} » ne peut pas être donné avec une autre option")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("trop de valeurs pour « {arg} » : « {value} »")
        }
        ErrorKind::NoEquals => format!("« {arg} » attend sa valeur après un signe « = »"),
        _ => "la ligne de commande n'est pas valide".to_string(),
    };
    let mut out = format!("erreur : {message}");
    let suggested = context(e, ContextKind::SuggestedSubcommand)
        .or_else(|| context(e, ContextKind::SuggestedArg));
    if let Some(s) = suggested {
        out.push_str(&format!("\n  = aide : vouliez-vous dire « {s} » ?"));
    }
    let usage = context(e, ContextKind::Usage).unwrap_or_else(|| root_usage.to_string());
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    out.push_str(&format!("\n\nUtilisation : {usage}"));
    // `ensemble import charges [OPTIONS] …` → `ensemble import charges --help`.
    let path: Vec<&str> = usage
        .split(' ')
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect();
    out.push_str(&format!(
        "\n\nPour en savoir plus : {} --help",
        path.join(" ")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn help_is_also_a_word() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            help_as_flag(args(&["ensemble", "aide", "build"])),
            args(&["ensemble", "build", "--help"])
        );
        assert_eq!(
            help_as_flag(args(&["ensemble", "build"])),
            args(&["ensemble", "build"])
        );
    }
}
