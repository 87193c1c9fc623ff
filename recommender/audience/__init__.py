"""A simulated audience under which videos live their life: `simulate`, and a chart of a video's reach.

>>> from recommender.video import Catalog, Video
>>> vids = tuple(Video(f"v{i}", f"t{i}", "", f"c{i % 7}", (f"g{i % 3}",), (f"h{i % 5}",), f"s{i}", 30.0, 0.0,
...                    views=1000, completion_rate=0.1 * (i % 9)) for i in range(60))
>>> new = Video("mine", "My first video", "", "me", ("g0",), ("h0",), "my sound", 20.0, 0.0, completion_rate=0.9)
>>> run = simulate(Catalog(vids, as_of=9e6), viewers=12, days=4, swipes_per_day=10, posted=[(new, 1)])
>>> [(d.day, d.stage) for d in run.life("mine").days]  # a first batch of 5, judged once its views are clear
[(1, 'trial'), (2, 'trial'), (3, 'pushed wider')]
"""

from .chart import reach_chart
from .run import AudienceDay, AudienceRun, DayFigures, VideoLife, simulate

__all__ = ["AudienceDay", "AudienceRun", "DayFigures", "VideoLife", "reach_chart", "simulate"]
