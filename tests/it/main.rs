//! The one integration-test binary: each module guards one capability end to end.

mod support;

mod archive;
mod browser;
mod corpus;
mod diverge;
mod html_report;
mod scan;
