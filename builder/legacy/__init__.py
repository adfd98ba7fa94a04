"""The first extractor (paragraph Docs and hand-written readers), kept beside its redesign
(`builder.nlp` and `builder.extract`) until the new path scores at least as well; then deleted."""
