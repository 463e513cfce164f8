//! The image-vs-container model: recipes build read-only layers named by the SHA-256 of
//! their content; images share layers by digest; containers add a thin writable layer with
//! copy-up on first change; a registry and a second host receive only the layers they lack.
//!
//! Pure data and functions, no UI: the view sends [`Action`]s to [`Lab::apply`] and draws
//! the state and the returned [`Event`]. Sizes are uncompressed bytes, as on disk
//! (`docker images`, `docker ps -s`); base-layer sizes come from cited facts, the app's own
//! files are illustrative.

use crate::facts::{self, Fact};
use sha2::{Digest as _, Sha256};
// Small Vecs instead of BTreeMap/BTreeSet: a handful of entries each, and every map type
// instantiated costs kilobytes of wasm.
/// How many containers the lab keeps at most (every list here is bounded).
pub const MAX_CONTAINERS: usize = 6;
/// How many log writes one container accepts (each adds [`LOG_WRITE`] bytes).
pub const MAX_LOG_WRITES: u32 = 20;
/// What one "write a log line" adds, in bytes (illustrative).
pub const LOG_WRITE: u64 = 40_000;
/// The log file a container writes; it is in no image layer, so writing it copies nothing.
pub const LOG_PATH: &str = "/var/log/app.log";

/// A layer's content address: `sha256:<64 hex digits>`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest(pub String);

impl Digest {
    /// SHA-256 of `bytes`, written as OCI writes digests.
    pub fn of(bytes: &[u8]) -> Digest {
        let hash = Sha256::digest(bytes);
        let mut s = String::with_capacity(7 + 64);
        s.push_str("sha256:");
        for b in hash {
            s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
            s.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
        }
        Digest(s)
    }

    /// The first 12 hex digits, as `docker` shows them.
    pub fn short(&self) -> &str {
        let hex = self.0.strip_prefix("sha256:").unwrap_or(&self.0);
        &hex[..hex.len().min(12)]
    }
}

/// Where a size comes from: a cited fact, or the lab's own illustrative files.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SizeFrom {
    Fact(&'static Fact),
    Illustrative,
}

/// A file inside a layer. `rev` stands for its content: two files with the same path, size
/// and rev have the same bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: &'static str,
    pub size: u64,
    pub rev: &'static str,
}

/// One read-only layer: what a recipe line added to the filesystem.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub digest: Digest,
    /// The recipe line that made it, e.g. `RUN apk add --no-cache bash`.
    pub created_by: String,
    /// Total uncompressed size in bytes.
    pub size: u64,
    pub size_from: SizeFrom,
    /// The files the lab lets you touch (a real layer holds many more; their bytes are in
    /// `size`).
    pub files: Vec<File>,
}

/// The base image of a recipe's `FROM` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    Alpine,
    Ubuntu,
}

impl Base {
    pub const ALL: [Base; 2] = [Base::Alpine, Base::Ubuntu];

    pub fn name(self) -> &'static str {
        match self {
            Base::Alpine => "alpine",
            Base::Ubuntu => "ubuntu",
        }
    }

    /// The uncompressed size of the base image's one layer, as cited.
    pub fn fact(self) -> &'static Fact {
        match self {
            Base::Alpine => &facts::DOCKER_ALPINE_LAYER,
            Base::Ubuntu => &facts::UBUNTU_DISK_2019,
        }
    }
}

/// The recipe's `RUN` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    None,
    ApkAddBash,
}

impl Run {
    pub const ALL: [Run; 2] = [Run::None, Run::ApkAddBash];

    pub fn line(self) -> Option<&'static str> {
        match self {
            Run::None => None,
            Run::ApkAddBash => Some("RUN apk add --no-cache bash"),
        }
    }
}

/// The recipe's `COPY` line: which of your apps goes into `/app`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum App {
    Web,
    Worker,
}

impl App {
    pub const ALL: [App; 2] = [App::Web, App::Worker];

    pub fn line(self) -> &'static str {
        match self {
            App::Web => "COPY web/ /app/",
            App::Worker => "COPY worker/ /app/",
        }
    }

    /// The app's files (sizes illustrative).
    fn files(self) -> Vec<File> {
        match self {
            App::Web => vec![
                File {
                    path: "/app/app.sh",
                    size: 4_000,
                    rev: "web",
                },
                File {
                    path: "/app/catalog.json",
                    size: 800_000,
                    rev: "web",
                },
            ],
            App::Worker => vec![
                File {
                    path: "/app/app.sh",
                    size: 3_000,
                    rev: "worker",
                },
                File {
                    path: "/app/catalog.json",
                    size: 1_200_000,
                    rev: "worker",
                },
            ],
        }
    }
}

/// The recipe's `CMD` line: configuration only, it adds no layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmd {
    App,
    Shell,
}

impl Cmd {
    pub const ALL: [Cmd; 2] = [Cmd::App, Cmd::Shell];

    pub fn line(self) -> &'static str {
        match self {
            Cmd::App => "CMD [\"/app/app.sh\"]",
            Cmd::Shell => "CMD [\"/bin/sh\"]",
        }
    }
}

/// A Dockerfile-like recipe of four lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recipe {
    pub base: Base,
    pub run: Run,
    pub app: App,
    pub cmd: Cmd,
}

impl Recipe {
    pub fn lines(&self) -> Vec<String> {
        let mut v = vec![format!("FROM {}", self.base.name())];
        v.extend(self.run.line().map(String::from));
        v.push(self.app.line().into());
        v.push(self.cmd.line().into());
        v
    }
}

/// Why a build stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// `apk` is Alpine's package manager: on Ubuntu the shell cannot find it.
    ApkNotFound,
}

fn layer(created_by: String, size: u64, size_from: SizeFrom, files: Vec<File>) -> Layer {
    // The canonical listing the digest is computed from: the recipe line, then one line per
    // file, in path order (the file lists below are written in that order; a test checks it).
    let mut listing = format!("created_by\t{created_by}\nsize\t{size}\n");
    for f in &files {
        listing.push_str(&format!("{}\t{}\t{}\n", f.path, f.size, f.rev));
    }
    Layer {
        digest: Digest::of(listing.as_bytes()),
        created_by,
        size,
        size_from,
        files,
    }
}

/// Megabytes (as the facts give them) to bytes.
fn bytes_of(f: &Fact) -> u64 {
    (f.value * 1_000_000.0).round() as u64
}

/// The layers a recipe builds, bottom first; the same line on the same content gives the
/// same layer, hence the same digest.
pub fn build_layers(r: &Recipe) -> Result<Vec<Layer>, BuildError> {
    let mut layers = Vec::with_capacity(3);
    let base = r.base.fact();
    layers.push(layer(
        format!("FROM {}", r.base.name()),
        bytes_of(base),
        SizeFrom::Fact(base),
        vec![File {
            path: "/etc/os-release",
            size: 400,
            rev: r.base.name(),
        }],
    ));
    if let Some(line) = r.run.line() {
        if r.base != Base::Alpine {
            return Err(BuildError::ApkNotFound);
        }
        let f = &facts::DOCKER_BASH_LAYER;
        layers.push(layer(
            line.into(),
            bytes_of(f),
            SizeFrom::Fact(f),
            vec![File {
                path: "/bin/bash",
                size: 900_000,
                rev: "bash",
            }],
        ));
    }
    let files = r.app.files();
    layers.push(layer(
        r.app.line().into(),
        files.iter().map(|f| f.size).sum(),
        SizeFrom::Illustrative,
        files,
    ));
    Ok(layers)
}

/// A built image: its layers and its configuration (the `CMD`).
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    /// The image ID: the digest of its configuration, which names its layers and its `CMD`.
    pub id: Digest,
    pub layers: Vec<Layer>,
    pub cmd: Cmd,
}

impl Image {
    pub fn from_recipe(r: &Recipe) -> Result<Image, BuildError> {
        let layers = build_layers(r)?;
        let mut config = String::from("{\"rootfs\":[");
        for l in &layers {
            config.push_str(&format!("\"{}\",", l.digest.0));
        }
        config.push_str("],\"cmd\":");
        config.push_str(match r.cmd {
            Cmd::App => "[\"/app/app.sh\"]",
            Cmd::Shell => "[\"/bin/sh\"]",
        });
        config.push('}');
        Ok(Image {
            id: Digest::of(config.as_bytes()),
            layers,
            cmd: r.cmd,
        })
    }

    /// Sum of the layers, uncompressed: what `docker images` shows as its size.
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size).sum()
    }

    /// The file at `path` as the image shows it: the topmost layer that has it wins.
    pub fn find(&self, path: &str) -> Option<(usize, &File)> {
        self.layers
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, l)| l.files.iter().find(|f| f.path == path).map(|f| (i, f)))
    }
    /// The paths the image holds, each once, bottom layer first.
    pub fn paths(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = Vec::new();
        for f in self.layers.iter().flat_map(|l| l.files.iter()) {
            if !v.contains(&f.path) {
                v.push(f.path);
            }
        }
        v
    }
}

/// What a container's writable layer holds for one path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upper {
    /// The whole file was copied up from image layer `from`, then changed there.
    CopiedUp { size: u64, from: usize },
    /// A file the container created; no image layer has it.
    Created { size: u64 },
    /// A whiteout (`.wh.<name>`): the file is hidden, the image keeps it.
    Whiteout,
}

impl Upper {
    pub fn size(self) -> u64 {
        match self {
            Upper::CopiedUp { size, .. } | Upper::Created { size } => size,
            Upper::Whiteout => 0,
        }
    }
}

/// Which of the two recipes (and images): 0 or 1.
pub type Slot = usize;

#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    /// Sequence number, for naming ("cake 3"); never reused.
    pub n: u32,
    /// The image it was created from (kept even when the tag moves to a new build).
    pub image: Digest,
    pub slot: Slot,
    /// The writable layer ("container layer"): one entry per path, in the order written.
    pub upper: Vec<(&'static str, Upper)>,
    pub log_writes: u32,
}

impl Container {
    /// `docker ps -s` "size": the writable layer.
    pub fn size(&self) -> u64 {
        self.upper.iter().map(|(_, u)| u.size()).sum()
    }

    /// The writable layer's entry for `path`.
    pub fn upper(&self, path: &str) -> Option<(&'static str, Upper)> {
        self.upper.iter().find(|(p, _)| *p == path).copied()
    }

    fn set_upper(&mut self, path: &'static str, u: Upper) {
        match self.upper.iter_mut().find(|(p, _)| *p == path) {
            Some(e) => e.1 = u,
            None => self.upper.push((path, u)),
        }
    }
}

/// A place that holds layers: the registry or a host's image store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Store {
    /// Layer blobs by digest, with their size; each digest once.
    pub blobs: Vec<(Digest, u64)>,
    /// The image each of the two tags (`myapp/web`, `myapp/worker`) names.
    pub tags: [Option<Image>; 2],
}

impl Store {
    /// Bytes of all blobs, each counted once.
    pub fn bytes(&self) -> u64 {
        self.blobs.iter().map(|(_, n)| n).sum()
    }

    pub fn has(&self, d: &Digest) -> bool {
        self.blobs.iter().any(|(x, _)| x == d)
    }

    /// Stores a blob; false when it was already there.
    fn add(&mut self, d: &Digest, size: u64) -> bool {
        if self.has(d) {
            return false;
        }
        self.blobs.push((d.clone(), size));
        true
    }

    pub fn tag(&self, slot: Slot) -> Option<&Image> {
        self.tags.get(slot).and_then(Option::as_ref)
    }

    /// The images the tags name.
    pub fn images(&self) -> impl Iterator<Item = &Image> {
        self.tags.iter().flatten()
    }
}

/// One layer's fate in a push or a pull.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerMove {
    pub digest: Digest,
    pub created_by: String,
    pub size: u64,
    /// False when the other side already had it (`Layer already exists` / `Already exists`).
    pub sent: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Transfer {
    pub slot: Slot,
    pub image: Digest,
    pub layers: Vec<LayerMove>,
}

impl Transfer {
    pub fn sent_bytes(&self) -> u64 {
        self.layers.iter().filter(|l| l.sent).map(|l| l.size).sum()
    }
    pub fn skipped_bytes(&self) -> u64 {
        self.layers.iter().filter(|l| !l.sent).map(|l| l.size).sum()
    }
}

/// Sends `image` to `dst`: each layer `dst` lacks is copied, the others are skipped.
fn transfer(slot: Slot, image: &Image, dst: &mut Store) -> Transfer {
    let layers = image
        .layers
        .iter()
        .map(|l| {
            let sent = dst.add(&l.digest, l.size);
            LayerMove {
                digest: l.digest.clone(),
                created_by: l.created_by.clone(),
                size: l.size,
                sent,
            }
        })
        .collect();
    if let Some(t) = dst.tags.get_mut(slot) {
        *t = Some(image.clone());
    }
    Transfer {
        slot,
        image: image.id.clone(),
        layers,
    }
}

/// Something the user asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetBase(Slot, Base),
    SetRun(Slot, Run),
    SetApp(Slot, App),
    SetCmd(Slot, Cmd),
    Build(Slot),
    /// Create and start a container from the slot's image.
    Run(Slot),
    /// Change a file: copy-up on the first change.
    Change {
        container: u32,
        path: String,
    },
    /// Delete a file: a whiteout in the writable layer.
    Delete {
        container: u32,
        path: String,
    },
    /// Append a line to the log file (a new file in the writable layer).
    WriteLog {
        container: u32,
    },
    /// `docker rm`: the container and its writable layer go; the image stays.
    Remove {
        container: u32,
    },
    Push(Slot),
    /// Pull onto the second host (a server).
    Pull(Slot),
    Reset,
}

/// What happened, for the view to draw and announce.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    RecipeChanged(Slot),
    Built {
        slot: Slot,
        /// Layers this build added to the laptop's store.
        new: usize,
        /// Layers it found already stored (shared).
        reused: usize,
    },
    Started {
        container: u32,
        slot: Slot,
    },
    CopiedUp {
        container: u32,
        path: &'static str,
        size: u64,
        from: usize,
    },
    ChangedAgain {
        container: u32,
        path: &'static str,
    },
    WhitedOut {
        container: u32,
        path: &'static str,
    },
    LogWritten {
        container: u32,
        size: u64,
    },
    Removed {
        container: u32,
        freed: u64,
    },
    Pushed(Transfer),
    Pulled(Transfer),
    Reset,
}

/// Why an action did nothing (nothing else changes).
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    BadSlot,
    Build(BuildError),
    NotBuilt(Slot),
    TooManyContainers,
    NoSuchContainer(u32),
    NoSuchFile(String),
    AlreadyDeleted(String),
    LogFull,
    /// The registry has no such tag (`MANIFEST_UNKNOWN` in the distribution spec).
    NotInRegistry(Slot),
}

/// The whole lab: two recipes, the laptop (images, containers), a registry and a server.
#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    pub recipes: [Recipe; 2],
    /// The laptop's image store: layers and the images the two tags name.
    pub laptop: Store,
    /// Images no tag names any more but a container still uses (`<none>` in `docker images`).
    pub untagged: Vec<(Slot, Image)>,
    pub containers: Vec<Container>,
    pub next_container: u32,
    pub registry: Store,
    pub server: Store,
}

impl Default for Lab {
    fn default() -> Self {
        Lab::new()
    }
}

impl Lab {
    /// Two recipes on the same base (the Docker docs' example: alpine plus `apk add bash`),
    /// with different apps; nothing built yet.
    pub fn new() -> Lab {
        let r = |app| Recipe {
            base: Base::Alpine,
            run: Run::ApkAddBash,
            app,
            cmd: Cmd::App,
        };
        Lab {
            recipes: [r(App::Web), r(App::Worker)],
            laptop: Store::default(),
            untagged: Vec::new(),
            containers: Vec::new(),
            next_container: 1,
            registry: Store::default(),
            server: Store::default(),
        }
    }

    /// The image the slot's tag names on the laptop.
    pub fn image(&self, slot: Slot) -> Option<&Image> {
        self.laptop.tag(slot)
    }

    /// The image with this ID on the laptop (tagged or not).
    pub fn image_by_id(&self, id: &Digest) -> Option<&Image> {
        self.laptop
            .images()
            .chain(self.untagged.iter().map(|(_, i)| i))
            .find(|i| &i.id == id)
    }

    /// Whether the slot's recipe differs from what its image was built from.
    pub fn stale(&self, slot: Slot) -> bool {
        match (self.image(slot), self.recipes.get(slot)) {
            (Some(img), Some(r)) => Image::from_recipe(r)
                .map(|i| i.id != img.id)
                .unwrap_or(true),
            _ => false,
        }
    }

    pub fn container(&self, n: u32) -> Option<&Container> {
        self.containers.iter().find(|c| c.n == n)
    }

    /// `docker ps -s` "virtual size": the image's read-only layers plus the writable layer.
    pub fn virtual_size(&self, c: &Container) -> u64 {
        self.image_by_id(&c.image).map_or(0, Image::size) + c.size()
    }

    /// What the laptop's disk holds: every stored layer once, plus every writable layer.
    pub fn disk(&self) -> Disk {
        Disk {
            layers: self.laptop.blobs.len(),
            image_bytes: self.laptop.bytes(),
            writable_bytes: self.containers.iter().map(Container::size).sum(),
            naive_bytes: self.containers.iter().map(|c| self.virtual_size(c)).sum(),
        }
    }

    /// Applies an action; on refusal nothing changes.
    pub fn apply(&mut self, action: Action) -> Result<Event, Refusal> {
        let slot_ok = |s: Slot| if s < 2 { Ok(s) } else { Err(Refusal::BadSlot) };
        match action {
            Action::SetBase(s, b) => {
                self.recipes[slot_ok(s)?].base = b;
                Ok(Event::RecipeChanged(s))
            }
            Action::SetRun(s, r) => {
                self.recipes[slot_ok(s)?].run = r;
                Ok(Event::RecipeChanged(s))
            }
            Action::SetApp(s, a) => {
                self.recipes[slot_ok(s)?].app = a;
                Ok(Event::RecipeChanged(s))
            }
            Action::SetCmd(s, c) => {
                self.recipes[slot_ok(s)?].cmd = c;
                Ok(Event::RecipeChanged(s))
            }
            Action::Build(s) => self.build(slot_ok(s)?),
            Action::Run(s) => self.run(slot_ok(s)?),
            Action::Change { container, path } => self.change(container, &path),
            Action::Delete { container, path } => self.delete(container, &path),
            Action::WriteLog { container } => self.write_log(container),
            Action::Remove { container } => self.remove(container),
            Action::Push(s) => {
                let img = self.image(slot_ok(s)?).ok_or(Refusal::NotBuilt(s))?.clone();
                Ok(Event::Pushed(transfer(s, &img, &mut self.registry)))
            }
            Action::Pull(s) => {
                let img = self
                    .registry
                    .tag(slot_ok(s)?)
                    .ok_or(Refusal::NotInRegistry(s))?
                    .clone();
                Ok(Event::Pulled(transfer(s, &img, &mut self.server)))
            }
            Action::Reset => {
                *self = Lab::new();
                Ok(Event::Reset)
            }
        }
    }

    fn build(&mut self, s: Slot) -> Result<Event, Refusal> {
        let img = Image::from_recipe(&self.recipes[s]).map_err(Refusal::Build)?;
        let (mut new, mut reused) = (0, 0);
        for l in &img.layers {
            if self.laptop.add(&l.digest, l.size) {
                new += 1;
            } else {
                reused += 1;
            }
        }
        if let Some(old) = self.laptop.tags[s].replace(img.clone())
            && old.id != img.id
            && self.containers.iter().any(|c| c.image == old.id)
            && !self.untagged.iter().any(|(_, i)| i.id == old.id)
        {
            // A container still uses the old image: it stays, untagged.
            self.untagged.push((s, old));
        }
        self.gc();
        Ok(Event::Built {
            slot: s,
            new,
            reused,
        })
    }

    /// Drops untagged images no container uses, and layers no image uses.
    fn gc(&mut self) {
        let containers = &self.containers;
        self.untagged
            .retain(|(_, i)| containers.iter().any(|c| c.image == i.id));
        let live: Vec<Digest> = self
            .laptop
            .images()
            .chain(self.untagged.iter().map(|(_, i)| i))
            .flat_map(|i| i.layers.iter().map(|l| l.digest.clone()))
            .collect();
        self.laptop.blobs.retain(|(d, _)| live.contains(d));
    }

    fn run(&mut self, s: Slot) -> Result<Event, Refusal> {
        let img = self.image(s).ok_or(Refusal::NotBuilt(s))?;
        if self.containers.len() >= MAX_CONTAINERS {
            return Err(Refusal::TooManyContainers);
        }
        let n = self.next_container;
        self.containers.push(Container {
            n,
            image: img.id.clone(),
            slot: s,
            upper: Vec::new(),
            log_writes: 0,
        });
        self.next_container += 1;
        Ok(Event::Started {
            container: n,
            slot: s,
        })
    }

    fn parts(&mut self, n: u32) -> Result<(&mut Container, Image), Refusal> {
        let Some(c) = self.containers.iter().find(|c| c.n == n) else {
            return Err(Refusal::NoSuchContainer(n));
        };
        let img = self
            .image_by_id(&c.image)
            .cloned()
            .ok_or(Refusal::NoSuchContainer(n))?;
        let c = self
            .containers
            .iter_mut()
            .find(|c| c.n == n)
            .ok_or(Refusal::NoSuchContainer(n))?;
        Ok((c, img))
    }

    fn change(&mut self, n: u32, path: &str) -> Result<Event, Refusal> {
        let (c, img) = self.parts(n)?;
        if let Some((p, u)) = c.upper(path) {
            return match u {
                Upper::Whiteout => Err(Refusal::AlreadyDeleted(path.into())),
                _ => Ok(Event::ChangedAgain {
                    container: n,
                    path: p,
                }),
            };
        }
        let (from, file) = img
            .find(path)
            .ok_or_else(|| Refusal::NoSuchFile(path.into()))?;
        let (p, size) = (file.path, file.size);
        c.set_upper(p, Upper::CopiedUp { size, from });
        Ok(Event::CopiedUp {
            container: n,
            path: p,
            size,
            from,
        })
    }

    fn delete(&mut self, n: u32, path: &str) -> Result<Event, Refusal> {
        let (c, img) = self.parts(n)?;
        let p = match c.upper(path) {
            Some((_, Upper::Whiteout)) => return Err(Refusal::AlreadyDeleted(path.into())),
            Some((p, _)) => p,
            None => img
                .find(path)
                .map(|(_, f)| f.path)
                .ok_or_else(|| Refusal::NoSuchFile(path.into()))?,
        };
        if img.find(p).is_some() {
            c.set_upper(p, Upper::Whiteout);
        } else {
            // Only in the writable layer: simply gone.
            c.upper.retain(|(x, _)| *x != p);
        }
        Ok(Event::WhitedOut {
            container: n,
            path: p,
        })
    }

    fn write_log(&mut self, n: u32) -> Result<Event, Refusal> {
        let (c, _) = self.parts(n)?;
        if c.log_writes >= MAX_LOG_WRITES {
            return Err(Refusal::LogFull);
        }
        c.log_writes += 1;
        let before = c.upper(LOG_PATH).map_or(0, |(_, u)| u.size());
        c.set_upper(
            LOG_PATH,
            Upper::Created {
                size: before + LOG_WRITE,
            },
        );
        Ok(Event::LogWritten {
            container: n,
            size: LOG_WRITE,
        })
    }

    fn remove(&mut self, n: u32) -> Result<Event, Refusal> {
        let i = self
            .containers
            .iter()
            .position(|c| c.n == n)
            .ok_or(Refusal::NoSuchContainer(n))?;
        let c = self.containers.remove(i);
        self.gc();
        Ok(Event::Removed {
            container: n,
            freed: c.size(),
        })
    }
}

/// The laptop's disk use, in Docker's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Disk {
    /// Distinct image layers stored.
    pub layers: usize,
    /// Their bytes, each layer once.
    pub image_bytes: u64,
    /// Sum of the containers' writable layers (`size`).
    pub writable_bytes: u64,
    /// What it would take if every container had its own copy of its image: the sum of
    /// `virtual size`s.
    pub naive_bytes: u64,
}

impl Disk {
    pub fn total(&self) -> u64 {
        self.image_bytes + self.writable_bytes
    }
}

/// A size as Docker prints it (decimal units, four significant digits), with a space:
/// `0 B`, `4 kB`, `5.6 MB`, `7.75 MB`, `64.2 MB`.
pub fn human_size(bytes: u64) -> String {
    // Integer arithmetic only: float formatting would add kilobytes to the wasm.
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut scale: u64 = 1000;
    let mut unit = UNITS[0];
    for u in UNITS.iter().skip(1) {
        if bytes < scale * 1000 {
            break;
        }
        scale *= 1000;
        unit = u;
    }
    let whole = bytes / scale;
    // Four significant digits: as many decimals as the whole part leaves room for.
    let decimals: u32 = match whole {
        0..=9 => 3,
        10..=99 => 2,
        100..=999 => 1,
        _ => 0,
    };
    let step = scale / 10u64.pow(decimals);
    let mut frac_units = ((bytes % scale) + step / 2) / step.max(1);
    let mut whole = whole;
    if frac_units >= 10u64.pow(decimals) {
        whole += 1;
        frac_units = 0;
        if whole == 1000 && unit != "TB" {
            // 999.95 kB rounds up to the next unit.
            return human_size(scale * 1000);
        }
    }
    let mut frac = format!("{frac_units:0width$}", width = decimals as usize);
    while frac.ends_with('0') {
        frac.pop();
    }
    if frac.is_empty() {
        format!("{whole} {unit}")
    } else {
        format!("{whole}.{frac} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built() -> Lab {
        let mut lab = Lab::new();
        lab.apply(Action::Build(0)).unwrap();
        lab.apply(Action::Build(1)).unwrap();
        lab
    }
    #[test]
    fn layer_file_lists_are_in_path_order() {
        for app in App::ALL {
            let files = app.files();
            assert!(files.windows(2).all(|w| w[0].path < w[1].path), "{app:?}");
        }
    }

    #[test]
    fn sizes_print_as_docker_prints_them() {
        for (bytes, want) in [
            (0, "0 B"),
            (999, "999 B"),
            (4_000, "4 kB"),
            (804_000, "804 kB"),
            (5_600_000, "5.6 MB"),
            (2_150_000, "2.15 MB"),
            (7_750_000, "7.75 MB"),
            (64_200_000, "64.2 MB"),
            (1_234_567, "1.235 MB"),
            (999_999, "1 MB"),
            (9_999_600, "10 MB"),
            (1_200_000, "1.2 MB"),
            (2_000_000_000, "2 GB"),
        ] {
            assert_eq!(human_size(bytes), want, "{bytes}");
        }
    }

    #[test]
    fn digests_are_sha256_of_the_content() {
        // The SHA-256 of the empty string, as every implementation gives it.
        assert_eq!(
            Digest::of(b"").0,
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(Digest::of(b"").short(), "e3b0c44298fc");
        let r = Lab::new().recipes[0];
        let a = build_layers(&r).unwrap();
        let b = build_layers(&r).unwrap();
        assert_eq!(a, b, "same recipe, same layers");
        let mut other = r;
        other.app = App::Worker;
        let c = build_layers(&other).unwrap();
        assert_eq!(a[0].digest, c[0].digest, "same base, same digest");
        assert_eq!(a[1].digest, c[1].digest, "same RUN on the same base");
        assert_ne!(
            a[2].digest, c[2].digest,
            "different files, different digest"
        );
    }

    #[test]
    fn the_docker_docs_example_adds_up() {
        // alpine 5.6 MB + `apk add bash` 2.15 MB = 7.75 MB (Docker docs).
        let lab = built();
        let img = lab.image(0).unwrap();
        let ro: u64 = img.layers[..2].iter().map(|l| l.size).sum();
        assert_eq!(
            human_size(ro),
            facts::DOCKER_EXAMPLE_TOTAL
                .display
                .get(crate::i18n::Lang::En)
        );
        assert_eq!(img.layers.len(), 3, "CMD adds no layer");
        assert_eq!(img.size(), ro + 804_000);
    }

    #[test]
    fn a_second_image_reuses_the_shared_layers() {
        let mut lab = Lab::new();
        assert_eq!(
            lab.apply(Action::Build(0)),
            Ok(Event::Built {
                slot: 0,
                new: 3,
                reused: 0
            })
        );
        assert_eq!(
            lab.apply(Action::Build(1)),
            Ok(Event::Built {
                slot: 1,
                new: 1,
                reused: 2
            })
        );
        assert_eq!(lab.laptop.blobs.len(), 4, "shared layers are stored once");
        let d = lab.disk();
        assert_eq!(
            d.image_bytes,
            lab.image(0).unwrap().size() + lab.image(1).unwrap().layers[2].size
        );
    }

    #[test]
    fn cmd_changes_the_image_id_but_no_layer() {
        let mut lab = built();
        let before = lab.image(0).unwrap().clone();
        lab.apply(Action::SetCmd(0, Cmd::Shell)).unwrap();
        assert!(lab.stale(0));
        lab.apply(Action::Build(0)).unwrap();
        let after = lab.image(0).unwrap();
        assert_ne!(before.id, after.id);
        assert_eq!(before.layers, after.layers);
        assert!(!lab.stale(0));
    }

    #[test]
    fn apk_on_ubuntu_fails_and_changes_nothing_else() {
        let mut lab = built();
        lab.apply(Action::SetBase(1, Base::Ubuntu)).unwrap();
        let snapshot = lab.clone();
        assert_eq!(
            lab.apply(Action::Build(1)),
            Err(Refusal::Build(BuildError::ApkNotFound))
        );
        assert_eq!(lab, snapshot);
        lab.apply(Action::SetRun(1, Run::None)).unwrap();
        assert_eq!(
            lab.apply(Action::Build(1)),
            Ok(Event::Built {
                slot: 1,
                new: 1,
                reused: 1
            }),
            "a new base layer; the app layer has the same content, hence the same digest"
        );
        // The worker's old layers are gone; the web image keeps its own.
        assert_eq!(lab.laptop.blobs.len(), 5);
    }

    #[test]
    fn a_new_container_has_an_empty_writable_layer() {
        let mut lab = built();
        assert_eq!(
            lab.apply(Action::Run(0)),
            Ok(Event::Started {
                container: 1,
                slot: 0
            })
        );
        let c = lab.container(1).unwrap();
        assert_eq!(c.size(), 0);
        assert_eq!(lab.virtual_size(c), lab.image(0).unwrap().size());
    }

    #[test]
    fn copy_up_lands_in_the_changing_container_only() {
        let mut lab = built();
        for _ in 0..3 {
            lab.apply(Action::Run(0)).unwrap();
        }
        let images = lab.laptop.clone();
        let e = lab
            .apply(Action::Change {
                container: 2,
                path: "/app/catalog.json".into(),
            })
            .unwrap();
        assert_eq!(
            e,
            Event::CopiedUp {
                container: 2,
                path: "/app/catalog.json",
                size: 800_000,
                from: 2
            }
        );
        assert_eq!(lab.container(2).unwrap().size(), 800_000, "the whole file");
        assert_eq!(lab.container(1).unwrap().size(), 0);
        assert_eq!(lab.container(3).unwrap().size(), 0);
        assert_eq!(lab.laptop, images, "image layers are read-only");
        // A second change edits the copy in place: nothing more is copied.
        assert_eq!(
            lab.apply(Action::Change {
                container: 2,
                path: "/app/catalog.json".into()
            }),
            Ok(Event::ChangedAgain {
                container: 2,
                path: "/app/catalog.json"
            })
        );
        assert_eq!(lab.container(2).unwrap().size(), 800_000);
        // A base-layer file comes from layer 0.
        assert!(matches!(
            lab.apply(Action::Change {
                container: 1,
                path: "/etc/os-release".into()
            }),
            Ok(Event::CopiedUp {
                from: 0,
                size: 400,
                ..
            })
        ));
    }

    #[test]
    fn whiteouts_hide_a_file_without_touching_the_image() {
        let mut lab = built();
        lab.apply(Action::Run(0)).unwrap();
        lab.apply(Action::Delete {
            container: 1,
            path: "/bin/bash".into(),
        })
        .unwrap();
        assert_eq!(
            lab.container(1).unwrap().upper("/bin/bash"),
            Some(("/bin/bash", Upper::Whiteout))
        );
        assert_eq!(lab.container(1).unwrap().size(), 0);
        assert_eq!(
            lab.apply(Action::Change {
                container: 1,
                path: "/bin/bash".into()
            }),
            Err(Refusal::AlreadyDeleted("/bin/bash".into()))
        );
        assert!(lab.image(0).unwrap().find("/bin/bash").is_some());
    }

    #[test]
    fn logs_grow_the_writable_layer_and_are_bounded() {
        let mut lab = built();
        lab.apply(Action::Run(1)).unwrap();
        for _ in 0..MAX_LOG_WRITES {
            lab.apply(Action::WriteLog { container: 1 }).unwrap();
        }
        assert_eq!(
            lab.container(1).unwrap().size(),
            LOG_WRITE * u64::from(MAX_LOG_WRITES)
        );
        assert_eq!(
            lab.apply(Action::WriteLog { container: 1 }),
            Err(Refusal::LogFull)
        );
    }

    #[test]
    fn removing_a_container_frees_only_its_layer() {
        let mut lab = built();
        lab.apply(Action::Run(0)).unwrap();
        lab.apply(Action::Run(0)).unwrap();
        lab.apply(Action::Change {
            container: 1,
            path: "/app/app.sh".into(),
        })
        .unwrap();
        lab.apply(Action::Change {
            container: 2,
            path: "/app/catalog.json".into(),
        })
        .unwrap();
        let before = lab.disk();
        assert_eq!(
            lab.apply(Action::Remove { container: 2 }),
            Ok(Event::Removed {
                container: 2,
                freed: 800_000
            })
        );
        let after = lab.disk();
        assert_eq!(after.image_bytes, before.image_bytes, "images stay");
        assert_eq!(after.writable_bytes, 4_000);
        assert_eq!(
            lab.container(1).unwrap().size(),
            4_000,
            "the other container is intact"
        );
        assert!(lab.image(0).is_some() && lab.image(1).is_some());
        assert_eq!(
            lab.apply(Action::Remove { container: 2 }),
            Err(Refusal::NoSuchContainer(2))
        );
    }

    #[test]
    fn disk_is_the_sum_of_sizes_plus_one_image() {
        let mut lab = Lab::new();
        lab.apply(Action::Build(0)).unwrap();
        for _ in 0..4 {
            lab.apply(Action::Run(0)).unwrap();
        }
        lab.apply(Action::Change {
            container: 3,
            path: "/app/app.sh".into(),
        })
        .unwrap();
        lab.apply(Action::WriteLog { container: 4 }).unwrap();
        let img = lab.image(0).unwrap().size();
        let sizes: u64 = lab.containers.iter().map(Container::size).sum();
        let d = lab.disk();
        assert_eq!(d.total(), img + sizes);
        assert_eq!(d.naive_bytes, 4 * img + sizes);
    }

    #[test]
    fn push_sends_only_missing_layers_and_pull_likewise() {
        let mut lab = built();
        let Ok(Event::Pushed(a)) = lab.apply(Action::Push(0)) else {
            panic!("push web")
        };
        assert!(a.layers.iter().all(|l| l.sent));
        let Ok(Event::Pushed(b)) = lab.apply(Action::Push(1)) else {
            panic!("push worker")
        };
        let sent: Vec<bool> = b.layers.iter().map(|l| l.sent).collect();
        assert_eq!(sent, [false, false, true], "only the app layer is new");
        assert_eq!(b.sent_bytes(), lab.image(1).unwrap().layers[2].size);
        assert_eq!(b.skipped_bytes(), 7_750_000);
        // Pushing again sends nothing.
        let Ok(Event::Pushed(again)) = lab.apply(Action::Push(1)) else {
            panic!()
        };
        assert_eq!(again.sent_bytes(), 0);
        // The server pulls the worker first: everything; then the web: only its app layer.
        let Ok(Event::Pulled(p1)) = lab.apply(Action::Pull(1)) else {
            panic!()
        };
        assert!(p1.layers.iter().all(|l| l.sent));
        let Ok(Event::Pulled(p0)) = lab.apply(Action::Pull(0)) else {
            panic!()
        };
        assert_eq!(p0.layers.iter().filter(|l| l.sent).count(), 1);
        let sorted = |s: &Store| {
            let mut v = s.blobs.clone();
            v.sort();
            v
        };
        assert_eq!(sorted(&lab.server), sorted(&lab.registry));
    }

    #[test]
    fn refusals_change_nothing() {
        let mut lab = Lab::new();
        let cases = [
            (Action::Run(0), Refusal::NotBuilt(0)),
            (Action::Push(1), Refusal::NotBuilt(1)),
            (Action::Pull(0), Refusal::NotInRegistry(0)),
            (Action::Build(7), Refusal::BadSlot),
            (Action::SetBase(2, Base::Alpine), Refusal::BadSlot),
            (Action::Remove { container: 9 }, Refusal::NoSuchContainer(9)),
            (
                Action::WriteLog { container: 1 },
                Refusal::NoSuchContainer(1),
            ),
        ];
        for (a, want) in cases {
            let before = lab.clone();
            assert_eq!(lab.apply(a.clone()), Err(want), "{a:?}");
            assert_eq!(lab, before, "{a:?} changed the lab");
        }
        lab.apply(Action::Build(0)).unwrap();
        lab.apply(Action::Run(0)).unwrap();
        let before = lab.clone();
        assert_eq!(
            lab.apply(Action::Change {
                container: 1,
                path: "/nope".into()
            }),
            Err(Refusal::NoSuchFile("/nope".into()))
        );
        assert_eq!(lab, before);
        for _ in 1..MAX_CONTAINERS {
            lab.apply(Action::Run(0)).unwrap();
        }
        assert_eq!(lab.apply(Action::Run(0)), Err(Refusal::TooManyContainers));
    }

    #[test]
    fn rebuilding_keeps_an_image_a_container_still_uses() {
        let mut lab = built();
        lab.apply(Action::Run(1)).unwrap();
        let old = lab.image(1).unwrap().id.clone();
        lab.apply(Action::SetApp(1, App::Web)).unwrap();
        lab.apply(Action::Build(1)).unwrap();
        assert_eq!(lab.untagged.len(), 1);
        assert_eq!(lab.untagged[0].1.id, old);
        let c = lab.container(1).unwrap();
        assert_eq!(lab.virtual_size(c), lab.untagged[0].1.size());
        // Both images now share every layer but the old worker app's.
        assert_eq!(lab.laptop.blobs.len(), 4);
        lab.apply(Action::Remove { container: 1 }).unwrap();
        assert!(lab.untagged.is_empty(), "unused untagged images go");
        assert_eq!(lab.laptop.blobs.len(), 3);
        // Same recipe, same image ID: web and worker are now one image.
        assert_eq!(lab.image(0).unwrap().id, lab.image(1).unwrap().id);
    }

    #[test]
    fn a_random_walk_keeps_the_invariants() {
        // A small deterministic generator: every action, in any order, never panics, and
        // disk accounting always holds.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let paths = [
            "/etc/os-release",
            "/bin/bash",
            "/app/app.sh",
            "/app/catalog.json",
            "/x",
        ];
        let mut lab = Lab::new();
        for _ in 0..3000 {
            let s = next(3) as usize;
            let c = next(8) as u32;
            let p = paths[next(5) as usize].to_string();
            let a = match next(14) {
                0 => Action::SetBase(s, Base::ALL[next(2) as usize]),
                1 => Action::SetRun(s, Run::ALL[next(2) as usize]),
                2 => Action::SetApp(s, App::ALL[next(2) as usize]),
                3 => Action::SetCmd(s, Cmd::ALL[next(2) as usize]),
                4 | 5 => Action::Build(s),
                6 | 7 => Action::Run(s),
                8 => Action::Change {
                    container: c,
                    path: p,
                },
                9 => Action::Delete {
                    container: c,
                    path: p,
                },
                10 => Action::WriteLog { container: c },
                11 => Action::Remove { container: c },
                12 => Action::Push(s),
                _ => Action::Pull(s),
            };
            let before = lab.clone();
            if lab.apply(a).is_err() {
                assert_eq!(lab, before);
            }
            assert!(lab.containers.len() <= MAX_CONTAINERS);
            for c in &lab.containers {
                assert!(
                    lab.image_by_id(&c.image).is_some(),
                    "container without image"
                );
            }
            let d = lab.disk();
            let images: std::collections::BTreeSet<&Digest> = lab
                .laptop
                .images()
                .chain(lab.untagged.iter().map(|(_, i)| i))
                .flat_map(|i| i.layers.iter().map(|l| &l.digest))
                .collect();
            assert_eq!(images.len(), d.layers, "every stored layer is used, once");
        }
    }
}
