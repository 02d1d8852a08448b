//! The DashScope protocol and nothing else: catalog, job description, validation, request
//! building, response parsing, errors and the HTTP client.

pub mod body;
pub mod buffers;
pub mod catalog;
pub mod client;
pub mod error;
pub mod job;
pub mod os_path;
pub mod part;
pub mod recipe;
pub mod references;
pub mod region;
pub mod request;
pub mod token_plan;
pub mod untrusted;
pub mod validate;
pub mod wire;
