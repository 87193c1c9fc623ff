"""The lab: real viewers (MovieLens ratings) replayed as a feed, a consumer of `recommender` like the app.

`tiktui lab` runs `lab.replay.run`. The modules, in the order the data flows:

- `data`: reading a MovieLens-layout directory into columns (numpy, chunked);
- `folds`: who is scored and whose ratings teach the global figures (cross-fitting, `--viewers` samples);
- `neighbours`: co-rating neighbours of movies (top-k, dense or in blocks of viewers);
- `catalog`: movies as the app's videos, ratings as the app's views;
- `learners`: the `Learner` interface and the learners compared (tiktui and the baselines);
- `metrics`: lift share, precision@K, paired margins;
- `replay`: the protocol that runs every learner on every scored viewer.

numpy lives here, never in `recommender`; `errors` alone imports without it.
"""
