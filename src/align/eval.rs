//! Measurement of the aligner on a small hand-made gold corpus (English and Arabic).
