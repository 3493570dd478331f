//! Import engine tests: every fixture dialect and encoding read and mapped (`files`), the engine
//! against the simulator over real HTTP (`engine`), and the real binary killed with SIGKILL
//! half-way and resumed (`cli`).

#[path = "import/cli.rs"]
mod cli;
#[path = "import/engine.rs"]
mod engine;
#[path = "import/files.rs"]
mod files;
#[path = "import/support.rs"]
mod support;
