//! Claims stage: per-sentence claims — quantities as intervals with their head noun, polarity,
//! attribution and wire credits, hedging, dates — driven by per-language lexicon data files.
