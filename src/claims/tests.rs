//! Unit tests of claim extraction.
