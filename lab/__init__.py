"""The lab: real viewers (MovieLens ratings) replayed as a feed, a consumer of `recommender` like the app.

`tiktui lab` runs `lab.movielens.run`. numpy lives here, never in `recommender`.
"""
