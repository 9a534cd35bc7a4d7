//! Archive stage: the embedded SQLite archive of everything seen before, behind `check`.
