//! `kubelab-sim SCENARIO.yaml [--until DURATION] [--out FILE]`: runs a scenario headless and
//! writes its trace (JSON Lines) to stdout or FILE.

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: kubelab-sim SCENARIO.yaml [--until DURATION] [--out FILE]\n\
  Runs a scenario and writes its trace as JSON Lines.\n\
  --until DURATION  simulated time to run (e.g. 10m, 90s); default: the scenario's `until`, else 10m\n\
  --out FILE        write the trace to FILE instead of stdout";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut scenario = None;
    let mut until = None;
    let mut out = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let value = |i: usize| args.get(i + 1).cloned();
        match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--until" => {
                let Some(v) = value(i) else {
                    eprintln!("--until needs a duration\n{USAGE}");
                    return ExitCode::from(2);
                };
                match sim::util::parse_duration(&v) {
                    Ok(ms) => until = Some(ms),
                    Err(e) => {
                        eprintln!("--until: {e}");
                        return ExitCode::from(2);
                    }
                }
                i += 1;
            }
            "--out" => {
                let Some(v) = value(i) else {
                    eprintln!("--out needs a file name\n{USAGE}");
                    return ExitCode::from(2);
                };
                out = Some(v);
                i += 1;
            }
            s if s.starts_with('-') => {
                eprintln!("unknown option {s}\n{USAGE}");
                return ExitCode::from(2);
            }
            s => {
                if scenario.is_some() {
                    eprintln!("only one scenario file\n{USAGE}");
                    return ExitCode::from(2);
                }
                scenario = Some(s.to_string());
            }
        }
        i += 1;
    }
    let Some(path) = scenario else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let yaml = match std::fs::read_to_string(&path) {
        Ok(y) => y,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let trace = match sim::run_scenario_trace(&yaml, until) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let res = match out {
        Some(f) => std::fs::write(&f, trace.as_bytes()),
        None => std::io::stdout().lock().write_all(trace.as_bytes()),
    };
    if let Err(e) = res {
        eprintln!("writing trace: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
