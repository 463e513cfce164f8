//! The model behind "Why containers": three servers whose stacks were built by hand, what
//! it takes to move one app to a bigger server or to add servers for traffic, by hand or
//! with the same apps packaged as images; and the freelancer who carries his studio.
//!
//! Pure data and functions: no yew, no browser. The step counts the view shows are this
//! model's own (the length of the step lists below), not measurements of the world.

/// How the apps are installed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Each machine is set up by a person, package by package.
    #[default]
    ByHand,
    /// Each app ships as images (program plus everything it needs), pulled and run.
    Images,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    Linux,
    Windows,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Runtime,
    Web,
    Db,
}

/// A piece of a stack. `family` tells which pieces are versions of the same thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Component {
    pub kind: Kind,
    pub family: &'static str,
    /// As written on the server, e.g. "JDK 1.7" (a name, not a claim).
    pub name: &'static str,
}

const fn c(kind: Kind, family: &'static str, name: &'static str) -> Component {
    Component { kind, family, name }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AppId {
    Shop,
    Billing,
    Reports,
}

pub struct App {
    pub id: AppId,
    pub os: Os,
    pub runtime: Component,
    pub web: Component,
    pub db: Component,
}

impl App {
    pub fn stack(&self) -> [Component; 3] {
        [self.runtime, self.web, self.db]
    }
}

/// The article's three servers, one app each.
pub static APPS: [App; 3] = [
    App {
        id: AppId::Shop,
        os: Os::Linux,
        runtime: c(Kind::Runtime, "JDK", "JDK 1.7"),
        web: c(Kind::Web, "Nginx", "Nginx"),
        db: c(Kind::Db, "MySQL", "MySQL"),
    },
    App {
        id: AppId::Billing,
        os: Os::Linux,
        runtime: c(Kind::Runtime, "JDK", "JDK 1.8"),
        web: c(Kind::Web, "Apache", "Apache"),
        db: c(Kind::Db, "MS-SQL", "MS-SQL"),
    },
    App {
        id: AppId::Reports,
        // IIS runs on Windows.
        os: Os::Windows,
        runtime: c(Kind::Runtime, "Python", "Python 2.7"),
        web: c(Kind::Web, "IIS", "IIS"),
        db: c(Kind::Db, "MongoDB", "MongoDB"),
    },
];

impl AppId {
    pub const ALL: [AppId; 3] = [AppId::Shop, AppId::Billing, AppId::Reports];

    pub fn app(self) -> &'static App {
        &APPS[self as usize]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachineKind {
    /// One of the three servers we start with (1, 2, 3).
    Original(u8),
    /// The bigger server apps move to; one per operating system.
    Big,
    /// A server added for traffic (4, 5, ...).
    Extra(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The app with its web server and its database.
    Primary,
    /// Another copy of the app and its web server, using the primary's database.
    Copy,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub app: AppId,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Machine {
    pub kind: MachineKind,
    pub os: Os,
    /// What was installed on the machine itself (by hand). With images it holds nothing:
    /// each container brings its own.
    pub installed: Vec<Component>,
    pub apps: Vec<Placement>,
    /// Its apps moved away and it was switched off.
    pub retired: bool,
}

impl Machine {
    fn new(kind: MachineKind, os: Os) -> Machine {
        Machine {
            kind,
            os,
            installed: vec![],
            apps: vec![],
            retired: false,
        }
    }

    /// The containers running here (images mode): the app's own, its web server's, and
    /// for a primary its database's.
    pub fn containers(&self) -> Vec<(AppId, Component)> {
        self.apps
            .iter()
            .flat_map(|p| {
                let a = p.app.app();
                let db = (p.role == Role::Primary).then_some(a.db);
                [Some(a.runtime), Some(a.web), db]
                    .into_iter()
                    .flatten()
                    .map(move |c| (p.app, c))
            })
            .collect()
    }
}

/// What the user asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Move the app (with its web server and database) to the bigger server.
    MoveToBig(AppId),
    /// Add a server running another copy of the app, for traffic.
    AddServer(AppId),
}

impl Action {
    pub fn app(self) -> AppId {
        match self {
            Action::MoveToBig(a) | Action::AddServer(a) => a,
        }
    }
}

/// One piece of work an action takes.
#[derive(Clone, Debug, PartialEq)]
pub enum StepKind {
    /// By hand: install the operating system, users, folder structure, permissions.
    SetUpMachine(Os),
    /// Images: install the operating system and a container runtime, once per machine.
    SetUpHost(Os),
    /// By hand: install and configure one piece of the stack.
    Install(Component),
    /// By hand: recreate the config files (ports, paths, connection strings).
    Config { app: AppId, shared_db: bool },
    /// Both: move the database's data (images carry programs, not your data).
    CopyData(AppId),
    /// By hand: point the deploy tool (CI/CD) at the new machine.
    DeployTool,
    /// By hand: deploy the app, start it and check that it answers.
    Deploy(AppId),
    /// Images: pull the app's images (the database's too, for a primary).
    Pull { app: AppId, with_db: bool },
    /// Images: start the containers with the settings kept beside the images; on a machine
    /// that already runs another web server, on a host port of their own.
    Run { app: AppId, own_port: bool },
    /// Move: switch traffic to the new machine and retire the old one.
    SwitchTraffic { app: AppId, from: MachineKind },
    /// Add: put the new machine behind the load balancer.
    AddToBalancer(AppId),
}

/// What goes wrong on a step.
#[derive(Clone, Debug, PartialEq)]
pub enum Trouble {
    /// Another version of the same runtime is already on the machine.
    VersionClash { have: Component },
    /// Another web server already answers on the web port.
    PortClash { have: Component },
    /// Another database engine already uses this machine's memory and disk.
    DbClash { have: Component },
    /// The person who set the servers up has left, and nobody wrote this down.
    Undocumented,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    pub troubles: Vec<Trouble>,
}

impl Step {
    fn new(kind: StepKind) -> Step {
        Step {
            kind,
            troubles: vec![],
        }
    }

    fn with(mut self, trouble: Option<Trouble>) -> Step {
        self.troubles.extend(trouble);
        self
    }
}

/// One action and the work it took, in the order done.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub action: Action,
    /// The machine the app went to.
    pub target: MachineKind,
    pub steps: Vec<Step>,
}

/// Why an action cannot be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The app already runs on the bigger server.
    AlreadyBig,
    /// The history is full: reset to start again.
    TooMany,
}

/// At most this many actions: keeps every list and the picture bounded.
pub const MAX_ACTIONS: usize = 10;

#[derive(Clone, Debug, PartialEq)]
pub struct World {
    pub mode: Mode,
    /// The person who built the servers has left.
    pub expert_gone: bool,
    pub machines: Vec<Machine>,
    pub log: Vec<Entry>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub actions: usize,
    pub steps: usize,
    pub troubles: usize,
}

impl World {
    /// The three servers, each running its app, set up in `mode`.
    pub fn new(mode: Mode, expert_gone: bool) -> World {
        let machines = APPS
            .iter()
            .enumerate()
            .map(|(i, a)| Machine {
                installed: match mode {
                    Mode::ByHand => a.stack().to_vec(),
                    Mode::Images => vec![],
                },
                apps: vec![Placement {
                    app: a.id,
                    role: Role::Primary,
                }],
                ..Machine::new(MachineKind::Original(i as u8 + 1), a.os)
            })
            .collect();
        World {
            mode,
            expert_gone,
            machines,
            log: vec![],
        }
    }

    /// The world after `actions`, done in `mode`; actions that are refused are skipped.
    pub fn replay(mode: Mode, expert_gone: bool, actions: &[Action]) -> World {
        let mut w = World::new(mode, expert_gone);
        for a in actions {
            let _ = w.apply(*a);
        }
        w
    }

    /// Where the app's primary (with its database) runs.
    pub fn primary_of(&self, app: AppId) -> Option<usize> {
        self.machines.iter().position(|m| {
            !m.retired
                && m.apps
                    .iter()
                    .any(|p| p.app == app && p.role == Role::Primary)
        })
    }

    /// Whether `action` can be done now, and if not, why.
    pub fn check(&self, action: Action) -> Result<(), Refusal> {
        if self.log.len() >= MAX_ACTIONS {
            return Err(Refusal::TooMany);
        }
        if let Action::MoveToBig(app) = action
            && let Some(i) = self.primary_of(app)
            && self.machines[i].kind == MachineKind::Big
        {
            return Err(Refusal::AlreadyBig);
        }
        Ok(())
    }

    fn next_extra(&self) -> u8 {
        let n = self
            .machines
            .iter()
            .filter(|m| matches!(m.kind, MachineKind::Original(_) | MachineKind::Extra(_)))
            .count();
        n as u8 + 1
    }

    /// Does `action`: records the steps it took and changes the machines.
    pub fn apply(&mut self, action: Action) -> Result<&Entry, Refusal> {
        self.check(action)?;
        let app = action.app().app();
        let (target, is_new) = match action {
            Action::MoveToBig(_) => match self
                .machines
                .iter()
                .position(|m| m.kind == MachineKind::Big && m.os == app.os)
            {
                Some(i) => (i, false),
                None => {
                    self.machines.push(Machine::new(MachineKind::Big, app.os));
                    (self.machines.len() - 1, true)
                }
            },
            Action::AddServer(_) => {
                let kind = MachineKind::Extra(self.next_extra());
                self.machines.push(Machine::new(kind, app.os));
                (self.machines.len() - 1, true)
            }
        };
        let steps = self.steps(action, target, is_new);
        let from = self.primary_of(app.id);

        // Change the machines.
        let role = match action {
            Action::MoveToBig(_) => Role::Primary,
            Action::AddServer(_) => Role::Copy,
        };
        if let (Action::MoveToBig(_), Some(i)) = (action, from) {
            let m = &mut self.machines[i];
            m.apps
                .retain(|p| !(p.app == app.id && p.role == Role::Primary));
            m.retired = m.apps.is_empty();
        }
        let m = &mut self.machines[target];
        if self.mode == Mode::ByHand {
            let needs: &[Component] = match role {
                Role::Primary => &[app.runtime, app.web, app.db],
                Role::Copy => &[app.runtime, app.web],
            };
            for comp in needs {
                if !m.installed.contains(comp) {
                    m.installed.push(*comp);
                }
            }
        }
        m.apps.push(Placement { app: app.id, role });
        let target_kind = m.kind;
        self.log.push(Entry {
            action,
            target: target_kind,
            steps,
        });
        Ok(self.log.last().expect("just pushed"))
    }

    /// The steps `action` takes to put the app on machine `target` (not yet changed).
    fn steps(&self, action: Action, target: usize, is_new: bool) -> Vec<Step> {
        let app = action.app().app();
        let m = &self.machines[target];
        let moving = matches!(action, Action::MoveToBig(_));
        let gone = self.expert_gone.then_some(Trouble::Undocumented);
        let mut steps = Vec::new();
        match self.mode {
            Mode::ByHand => {
                if is_new {
                    steps.push(Step::new(StepKind::SetUpMachine(m.os)).with(gone.clone()));
                }
                let mut stack = vec![app.runtime, app.web];
                if moving {
                    stack.push(app.db);
                }
                for comp in stack {
                    if m.installed.contains(&comp) {
                        continue; // already there, the same version: nothing to do
                    }
                    let other = m
                        .installed
                        .iter()
                        .find(|x| x.kind == comp.kind && **x != comp)
                        .copied();
                    let clash = other.and_then(|have| match comp.kind {
                        Kind::Runtime if have.family == comp.family => {
                            Some(Trouble::VersionClash { have })
                        }
                        Kind::Runtime => None,
                        Kind::Web => Some(Trouble::PortClash { have }),
                        Kind::Db => Some(Trouble::DbClash { have }),
                    });
                    let undocumented = if comp.kind == Kind::Runtime {
                        gone.clone()
                    } else {
                        None
                    };
                    steps.push(
                        Step::new(StepKind::Install(comp))
                            .with(clash)
                            .with(undocumented),
                    );
                }
                steps.push(
                    Step::new(StepKind::Config {
                        app: app.id,
                        shared_db: !moving,
                    })
                    .with(gone),
                );
                if moving {
                    steps.push(Step::new(StepKind::CopyData(app.id)));
                }
                steps.push(Step::new(StepKind::DeployTool));
                steps.push(Step::new(StepKind::Deploy(app.id)));
            }
            Mode::Images => {
                if is_new {
                    steps.push(Step::new(StepKind::SetUpHost(m.os)));
                }
                steps.push(Step::new(StepKind::Pull {
                    app: app.id,
                    with_db: moving,
                }));
                if moving {
                    steps.push(Step::new(StepKind::CopyData(app.id)));
                }
                let own_port = m.apps.iter().any(|p| p.app != app.id);
                steps.push(Step::new(StepKind::Run {
                    app: app.id,
                    own_port,
                }));
            }
        }
        steps.push(Step::new(match action {
            Action::MoveToBig(_) => StepKind::SwitchTraffic {
                app: app.id,
                from: self
                    .primary_of(app.id)
                    .map_or(MachineKind::Big, |i| self.machines[i].kind),
            },
            Action::AddServer(_) => StepKind::AddToBalancer(app.id),
        }));
        steps
    }

    pub fn totals(&self) -> Totals {
        Totals {
            actions: self.log.len(),
            steps: self.log.iter().map(|e| e.steps.len()).sum(),
            troubles: self
                .log
                .iter()
                .flat_map(|e| &e.steps)
                .map(|s| s.troubles.len())
                .sum(),
        }
    }

    /// Machines still running, in the order they appeared.
    pub fn running(&self) -> impl Iterator<Item = &Machine> {
        self.machines.iter().filter(|m| !m.retired)
    }
}

// ---------------------------------------------------------------------------------------
// The freelancer: a producer who carries his whole studio to every job.

/// His equipment, in the order he sets it up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gear {
    Console,
    Interface,
    Monitors,
    Mics,
    Cables,
    Settings,
}

pub const GEAR: [Gear; 6] = [
    Gear::Console,
    Gear::Interface,
    Gear::Monitors,
    Gear::Mics,
    Gear::Cables,
    Gear::Settings,
];

/// What one job's set-up takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GigStep {
    /// Carry a piece to the new studio and set it up by hand.
    Carry(Gear),
    /// Fetch the copy of the whole set-up, exactly as it was installed (the image).
    FetchCopy,
    /// Plug in and start working.
    Start,
}

/// The steps of one job: by hand, every piece is carried and set up again; with a copy of
/// the installed set-up (what an image is), it is fetched whole.
pub fn gig_steps(copy: bool) -> Vec<GigStep> {
    if copy {
        vec![GigStep::FetchCopy, GigStep::Start]
    } else {
        GEAR.iter()
            .map(|g| GigStep::Carry(*g))
            .chain([GigStep::Start])
            .collect()
    }
}

/// At most this many jobs are counted; the counter stops there.
pub const MAX_JOBS: u32 = 99;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gigs {
    pub jobs: u32,
    /// Set-up steps done so far, over all jobs.
    pub steps: u32,
    /// The last job used a copy of the set-up.
    pub last_copy: bool,
}

impl Gigs {
    pub fn next_job(self, copy: bool) -> Gigs {
        if self.jobs >= MAX_JOBS {
            return self;
        }
        Gigs {
            jobs: self.jobs + 1,
            steps: self.steps + gig_steps(copy).len() as u32,
            last_copy: copy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use AppId::*;

    fn kinds(e: &Entry) -> Vec<StepKind> {
        e.steps.iter().map(|s| s.kind.clone()).collect()
    }

    #[test]
    fn the_three_servers_carry_the_articles_stacks() {
        let w = World::new(Mode::ByHand, false);
        let names: Vec<Vec<&str>> = w
            .machines
            .iter()
            .map(|m| m.installed.iter().map(|c| c.name).collect())
            .collect();
        assert_eq!(
            names,
            [
                ["JDK 1.7", "Nginx", "MySQL"],
                ["JDK 1.8", "Apache", "MS-SQL"],
                ["Python 2.7", "IIS", "MongoDB"]
            ]
        );
        assert_eq!(w.machines[2].os, Os::Windows);
        assert_eq!(w.totals(), Totals::default());
        // As images, nothing is installed on the machines themselves.
        let w = World::new(Mode::Images, false);
        assert!(w.machines.iter().all(|m| m.installed.is_empty()));
        assert_eq!(w.machines[0].containers().len(), 3);
    }

    #[test]
    fn moving_by_hand_rebuilds_the_whole_stack() {
        let mut w = World::new(Mode::ByHand, false);
        let e = w.apply(MoveToBig(Shop)).unwrap().clone();
        assert_eq!(
            kinds(&e),
            vec![
                StepKind::SetUpMachine(Os::Linux),
                StepKind::Install(APPS[0].runtime),
                StepKind::Install(APPS[0].web),
                StepKind::Install(APPS[0].db),
                StepKind::Config {
                    app: Shop,
                    shared_db: false
                },
                StepKind::CopyData(Shop),
                StepKind::DeployTool,
                StepKind::Deploy(Shop),
                StepKind::SwitchTraffic {
                    app: Shop,
                    from: MachineKind::Original(1)
                },
            ]
        );
        assert!(e.steps.iter().all(|s| s.troubles.is_empty()));
        assert!(w.machines[0].retired, "server 1 is switched off");
        assert_eq!(w.primary_of(Shop), Some(3));
        assert_eq!(w.machines[3].kind, MachineKind::Big);
        assert_eq!(w.machines[3].installed, APPS[0].stack().to_vec());
    }

    #[test]
    fn two_stacks_on_one_machine_clash_by_hand_but_not_as_images() {
        let w = World::replay(Mode::ByHand, false, &[MoveToBig(Shop), MoveToBig(Billing)]);
        let e = &w.log[1];
        assert_eq!(e.target, MachineKind::Big);
        // No new machine this time; every piece of the stack collides with Shop's.
        assert!(!kinds(e).contains(&StepKind::SetUpMachine(Os::Linux)));
        let troubles: Vec<&Trouble> = e.steps.iter().flat_map(|s| &s.troubles).collect();
        assert_eq!(
            troubles,
            vec![
                &Trouble::VersionClash {
                    have: APPS[0].runtime
                },
                &Trouble::PortClash { have: APPS[0].web },
                &Trouble::DbClash { have: APPS[0].db },
            ]
        );
        assert_eq!(w.totals().troubles, 3);

        let w = World::replay(Mode::Images, false, &[MoveToBig(Shop), MoveToBig(Billing)]);
        assert_eq!(w.totals().troubles, 0);
        assert!(kinds(&w.log[1]).contains(&StepKind::Run {
            app: Billing,
            own_port: true
        }));
        assert_eq!(w.machines[3].containers().len(), 6);
    }

    #[test]
    fn the_windows_app_gets_its_own_big_server() {
        let w = World::replay(Mode::ByHand, false, &[MoveToBig(Shop), MoveToBig(Reports)]);
        assert_eq!(w.totals().troubles, 0);
        let bigs: Vec<Os> = w
            .machines
            .iter()
            .filter(|m| m.kind == MachineKind::Big)
            .map(|m| m.os)
            .collect();
        assert_eq!(bigs, [Os::Linux, Os::Windows]);
    }

    #[test]
    fn adding_a_server_copies_the_app_tier_and_keeps_the_database() {
        let mut w = World::new(Mode::ByHand, false);
        let e = w.apply(AddServer(Billing)).unwrap().clone();
        assert_eq!(e.target, MachineKind::Extra(4));
        assert!(!kinds(&e).contains(&StepKind::Install(APPS[1].db)));
        assert!(kinds(&e).contains(&StepKind::Config {
            app: Billing,
            shared_db: true
        }));
        assert_eq!(*kinds(&e).last().unwrap(), StepKind::AddToBalancer(Billing));
        assert_eq!(e.steps.len(), 7);
        let e = w.apply(AddServer(Billing)).unwrap();
        assert_eq!(e.target, MachineKind::Extra(5));
        assert_eq!(w.running().count(), 5);
        assert_eq!(
            w.primary_of(Billing),
            Some(1),
            "the database stays on server 2"
        );
    }

    #[test]
    fn images_take_fewer_steps_for_the_same_moves() {
        let moves = [
            MoveToBig(Shop),
            AddServer(Shop),
            MoveToBig(Billing),
            AddServer(Reports),
        ];
        let hand = World::replay(Mode::ByHand, false, &moves).totals();
        let img = World::replay(Mode::Images, false, &moves).totals();
        assert_eq!((hand.actions, img.actions), (4, 4));
        assert_eq!(hand.steps, 9 + 7 + 8 + 7);
        assert_eq!(img.steps, 5 + 4 + 4 + 4);
        assert!(img.steps < hand.steps);
        // The data still has to move: images carry programs, not your data.
        let w = World::replay(Mode::Images, false, &moves);
        assert!(kinds(&w.log[0]).contains(&StepKind::CopyData(Shop)));
    }

    #[test]
    fn when_the_expert_is_gone_hand_work_becomes_guesswork_and_images_do_not_care() {
        let moves = [MoveToBig(Shop), AddServer(Reports)];
        let hand = World::replay(Mode::ByHand, true, &moves);
        // Machine set-up, runtime and config, for each action.
        assert_eq!(hand.totals().troubles, 6);
        assert!(
            hand.log[0].steps[0]
                .troubles
                .contains(&Trouble::Undocumented)
        );
        assert_eq!(
            World::replay(Mode::Images, true, &moves).totals().troubles,
            0
        );
    }

    #[test]
    fn refusals_change_nothing() {
        let mut w = World::new(Mode::ByHand, false);
        w.apply(MoveToBig(Shop)).unwrap();
        let before = w.clone();
        assert_eq!(w.apply(MoveToBig(Shop)).unwrap_err(), Refusal::AlreadyBig);
        assert_eq!(w, before);
        for _ in 0..20 {
            let _ = w.apply(AddServer(Reports));
        }
        assert_eq!(w.log.len(), MAX_ACTIONS);
        assert_eq!(w.check(AddServer(Shop)), Err(Refusal::TooMany));
        // A copy of a moved app can still be added, and moving after adding works.
        let w = World::replay(Mode::Images, false, &[AddServer(Shop), MoveToBig(Shop)]);
        assert_eq!(w.log.len(), 2);
        assert!(!w.machines[0].retired || w.machines[0].apps.is_empty());
        assert_eq!(w.machines[3].apps[0].role, Role::Copy);
    }

    #[test]
    fn the_freelancer_carries_everything_unless_he_fetches_a_copy() {
        assert_eq!(gig_steps(false).len(), GEAR.len() + 1);
        assert_eq!(gig_steps(true), vec![GigStep::FetchCopy, GigStep::Start]);
        let g = Gigs::default()
            .next_job(false)
            .next_job(false)
            .next_job(true);
        assert_eq!((g.jobs, g.steps, g.last_copy), (3, 7 + 7 + 2, true));
        let mut g = Gigs::default();
        for _ in 0..200 {
            g = g.next_job(false);
        }
        assert_eq!(g.jobs, MAX_JOBS);
    }
}
