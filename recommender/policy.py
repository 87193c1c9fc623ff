"""Choosing the next card: retrieve candidates, rank them, mix by the rules, say why.

1. Cold start: the first COLD_CARDS cards probe widely liked videos (global
   completion above the catalog's median), one genre each, and the probe goes
   on (up to COLD_MAX cards) until every genre was shown once.
2. Retrieval: a few hundred candidates from the index: the viewer's best
   genres, creators, hashtags and sounds, videos related to what they loved,
   the audience's best, fresh uploads.
3. Ranking: the audience's verdict plus the viewer's personal offset plus
   the lifecycle stage's bonus.
4. Mixing: a steady share of exploration (more when the viewer skips a lot;
   half of it a second look at a yes on thin evidence, `_probe`, and all of
   it while the feed fails),
   trial slots for fresh uploads and second chances, never the same creator
   or sound twice in a row, never a repeat, never a muted, filtered or restricted video.
5. A lost feed (the last ten cards all skipped, no genre or recent creator
   liked): the ranked pick gives way to a search, a cold start again, for
   the video the most viewers finished, of a creator not met, in a genre not
   shown lately (`_search`); its exploration slots try the most creators,
   hashtags and sounds never met (`_untried`).

The viewer's topics (per genre: more, normal, less) steer every step: a
"more" genre is probed first, always retrieved, explored twice as often and
ranked TOPIC_SCORE higher; a "less" genre is probed last, retrieved after the
others, explored half as often, ranked TOPIC_SCORE lower, and a ranked pick of
it is kept half the time (LESS_KEEP). The topic's score is a fixed effect added
after the learned combination of the viewer's evidence (`weights.py`), so how
much a kind of evidence counts for this viewer never changes what "less" means.
Less is not never (tests/test_controls.py measures the shares on the shipped
catalog).
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Callable, Mapping, MutableSet
from dataclasses import dataclass, field

from .index import CatalogIndex, Cursor, Key, Shelf, nothing
from .keywords import KeywordFilter
from .lifecycle import BONUS, stage
from .profile import CHANGE_WINDOW, CHANGING, LENGTH_NAMES, TasteProfile, features, length, length_words, verdict
from .standing import MORE, standing
from .video import Catalog, Video, original_of

COLD_CARDS = 10
COLD_MAX = 20
"""The probe goes on past COLD_CARDS until every genre was shown once, up to this many cards: a genre the viewer was
never shown has no offset, so it could never be the liked genre the diversity re-rank (MAX_RUN) interleaves with the
first one found; a fan of two genres would get the first in long runs until exploration happened on the second."""
EXPLORE_MIN = 0.07
"""Exploration share for a viewer who rarely skips ..."""
EXPLORE_MAX = 0.15
"""... rising to this for one who skips everything (a high exit rate)."""
TRIAL_SHARE = 0.07
"""Share of picks given to videos on their trial batch (or a second chance)."""
TRIAL_LOOK = 40
"""A trial slot chooses among at most this many fresh uploads that fit the viewer (RETRY_LOOK: second chances)."""
RETRY_LOOK = 20
LOOK_DEPTH = 10
"""... looking at most this many times as many uploads: for a viewer who turns every genre away, the filter rejects
nearly all, and a deeper walk would cost a swipe tens of milliseconds to find nothing."""
PRIOR_WEIGHT = 1.0
"""How much the audience's verdict counts beside the viewer's own offsets."""
TOPIC_LEVELS = ("more", "normal", "less")
"""What a viewer can ask of a genre (the settings screen); "normal" is no wish."""
TOPIC_SCORE = {"more": 0.12, "less": -0.12}
"""Added to the ranking score of a "more" genre's videos: about what a clear personal taste adds, enough to lift
the genre well above its neighbours without filling the feed with it; as much taken off a "less" genre's (the mirror
of "more": thinning a pick alone only put the genre off to the next pick, where it ranked top again)."""
FOLLOW_SCORE = TOPIC_SCORE["more"]
"""Added to the ranking score of a followed creator's videos: a follow is the viewer asking for more of a creator, as
"more" is for a genre, and a fixed effect after the learned combination as "more" is. The learned creator term alone
cannot carry it: a creator met once has one view of evidence (shrunk toward 0), and how much creators count for this
viewer was learned on views where no creator had any, so a creator fan who followed on first sight met the creator's
next video only after the creator's genre's best (8 cards later on the shipped catalog, instead of 2)."""
LESS_KEEP = 0.5
"""A "less" genre's video that wins a ranked pick is kept this often (else the next best is shown): half as often
as the ranking would show it, never ruled out."""
TOPIC_EXPLORE = {"more": 2.0, "less": 0.5}
"""How much more often exploration visits a genre by its topic."""
RUN_STEP = 0.1
RUN_CAP = 0.3
"""Diversity re-rank: a ranked video loses RUN_STEP per card beyond the first of the run of its genre that ends the
feed now, at most RUN_CAP. A clear taste is worth about 0.5 over a genre the viewer skips: the cap never lets such a
genre in, while the next of two liked genres, a few hundredths apart, wins after two or three cards of the other."""
MAX_RUN = 4
"""A fifth card in a row of one genre is ruled out (ranked last) while another genre the viewer likes
(`TasteProfile.enjoyed`: evidence not clearly against it, however little) has a candidate: two liked genres come
interleaved."""
PROBE_SHARE = 0.5
"""Share of exploration slots that first look again at a liked creator, hashtag or sound whose evidence is thin
(`Policy._probe`); the others (and a probe that finds nothing) go to a genre the profile knows least (`_explore`).
While the feed fails (`profile.CHANGING`: half of the last ten cards skipped) every slot probes first: what the ranking
shows is a no, and a thin yes is the one lead (beside a lost feed's `_untried`, the #storytime fan's worst of seeds
10-29 went from 45% to 80% of swipes 31-50 to taste, and thelaughsyara's fan saw all eight by swipe 50 in 10 runs of
10, 7 before: README, "Exploring where it is unsure")."""
KNOWN_NO = -0.1
"""Exploration skips a genre whose offset is below this: the viewer already said no (the offset is shrunk toward 0 by
how little evidence backs it, so below this is a clear no however few the views; requiring SHRINK views as well let
a no fade: a genre skipped at the cold start and met once more later was explored again 90 views on), unless the
feed is failing (`profile.CHANGING`): then exploration goes to the genres not met in the last ten cards, all alike
(a no given just before the change is as stale as one from the cold start), and the ranking and its retrieval count
an older no as none (`TasteProfile.doubted`)."""


BUDGET = 48
"""Candidates a pick takes from the lists the profile leads to, shared among them by what each adds to a score
(`depths`): about 50 in all with BEST_TAKE, where the lists taken to fixed depths gave some 264. The
winner of a pick is mostly near the front of a list (the lists are ordered by the audience's verdict), and ranking is
most of a pick's time; a budget of 48 ranks about a sixth as many and the audience's viewers enjoy as much or more
(README, "Speed")."""
GENRE_SHARE = 2 / 3
"""The genre lists' share of BUDGET (all of it when the profile leads to no other list). They are the broad lists:
they hold videos of every creator, sound and length, and while the feed fails (`TasteProfile.doubted`) they are where
a new taste is found; the length, creator, hashtag, sound and co-engagement lists share the rest."""
GENRE_LISTS = 4
"""Genres whose lists are taken: the viewer's best (and every "more" genre besides)."""
TOP_LISTS = {"creator": 3, "hashtag": 4, "sound": 2}
"""Lists taken of each kind: its features with the best positive offsets among the recent views' (and as many followed
creators, by offset, beside them: `candidates`)."""
DEPTH_CAP = {"genre": 40, "creator": 10, "hashtag": 15, "sound": 10, "length": 15, "loved": 30}
"""The deepest a list is taken, whatever its share (the fixed depths before the budget)."""
BEST_TAKE = 4
"""The audience's best few (of each allowed genre on a genre-limited feed), and the newest few uploads: in every pick,
whatever the profile."""
WIDE_LOOK = DEPTH_CAP["genre"]
"""A lost feed's search (`_search`) takes the video finished by the most viewers among this many of each genre's best
by the audience's verdict: "widely liked" as liked by many, not only at a high rate. The verdict is a rate
(completion, likes, shares per view), and its top is full of videos few have seen; a viewer the feed knows nothing of
is most likely one of the many who finished a widely watched one. As deep as a pick may take a genre list: no walk
goes further than the ranking's own. (The cold cards stay the verdict's best: chosen by how many finished them, the
first card's creator was more often a prolific one, and a viewer who enjoys everything and follows it was shown it
in more than a quarter of the next 39 cards on 5 of seeds 0-11, against 1 (tests/test_brain.py).)"""


def _finished_by(video: Video) -> float:
    """How many viewers finished `video`: its views times its completion rate."""
    return video.views * video.completion_rate


def _widest(videos: list[Video]) -> Video:
    """The one of `videos` (in a list's order) the most viewers finished; the first of equals, as the list has them.

    >>> from recommender.video import Video
    >>> a, b, c = (Video(i, i, "", i, ("g",), (), i, 30.0, 0.0, views=n, completion_rate=r)
    ...            for i, n, r in (("a", 100, 0.9), ("b", 1000, 0.5), ("c", 500, 1.0)))
    >>> _widest([a, b, c]).id, _widest([c, b]).id
    ('b', 'c')
    """
    best = videos[0]
    for video in videos[1:]:
        if _finished_by(video) > _finished_by(best):
            best = video
    return best


def _tried_by(video: Video) -> tuple[Key, ...]:
    """The creator, hashtags and sound a view of `video` tries (`_most_untried`), each once."""
    keys = (("creator", video.creator), ("sound", video.sound), *(("hashtag", h) for h in video.hashtags))
    return tuple(k for k in dict.fromkeys(keys) if k[1])


def _most_untried(
    videos: list[Video], profile: TasteProfile, among: list[tuple[Key, ...]] | None = None
) -> tuple[Video, str]:
    """The one of `videos` whose creator, hashtags and sound try the most that the viewer's evidence never met, each
    counted by how many of `among` (what each of some videos tries, `_tried_by`; default: `videos`') carry it (a yes
    to it would bring that many), the most viewers' (`_finished_by`) of equals, the first of those; and how its most
    carried untried feature reads ("" when it has none).

    >>> from recommender.video import Video
    >>> a, b, c = (Video(i, i, "", i, ("g",), t, "", 30.0, 0.0, views=n, completion_rate=1.0)
    ...            for i, t, n in (("a", ("fyp",), 900), ("b", ("fyp", "pov"), 100), ("c", ("pov",), 50)))
    >>> [(v.id, said) for v, said in (_most_untried([a, b, c], TasteProfile()),)]
    [('b', '#fyp')]
    """
    untried: dict[Key, bool] = {}
    tries: list[list[Key]] = []
    for video in videos:
        new: list[Key] = []
        for key in _tried_by(video):
            fresh = untried.get(key)
            if fresh is None:
                fresh = untried[key] = not profile.weight(*key)
            if fresh:
                new.append(key)
        tries.append(new)
    carried = {key: 0 for keys in tries for key in keys}  # counted only for what `videos` try
    for carries in map(_tried_by, videos) if among is None else among:
        for key in carries:
            if key in carried:
                carried[key] += 1
    best, best_gain, best_keys = videos[0], -1, list[Key]()
    for video, keys in zip(videos, tries, strict=True):
        gain = sum(carried[k] for k in keys)
        if gain > best_gain or (gain == best_gain and _finished_by(video) > _finished_by(best)):
            best, best_gain, best_keys = video, gain, keys
    if not best_keys:
        return best, ""
    return best, _said(*max(best_keys, key=carried.__getitem__))


def _said(kind: str, value: str) -> str:
    """A creator, hashtag or sound as a reason names it; a creator's own audio by whose it is ("another look at the
    sound original sound -…" was cut on the card's line before the name, QA).

    >>> _said("sound", "original sound - ilse.kitchen"), _said("sound", "Lunar Drift"), _said("hashtag", "baking")
    ("@ilse.kitchen's original sound", 'the sound Lunar Drift', '#baking')
    """
    if kind == "sound" and (creator := original_of(value)) is not None:
        return f"@{creator}'s original sound"
    return {"creator": f"@{value}", "hashtag": f"#{value}", "sound": f"the sound {value}"}[kind]


def depths(gains: list[float], budget: int) -> list[int]:
    """How deep to take each list: `budget` shared in proportion to `gains` (evenly if none gains), at least 1.

    >>> depths([0.3, 0.1, 0.0], 24), depths([0.0, 0.0], 24), depths([], 24)
    ([18, 6, 1], [12, 12], [])
    """
    if not gains:
        return []
    total = sum(gains)
    if total <= 0.0:
        return [max(1, round(budget / len(gains)))] * len(gains)
    return [max(1, round(budget * g / total)) for g in gains]


@dataclass(frozen=True)
class Recommendation:
    """A pick and why it was made: the UI shows both."""

    video: Video
    reason: str
    source: str
    """cold (the first cards' probe, or a lost feed's search: `Policy._search`), exploit, explore, fresh, retry,
    follow (a creator just followed: `Policy._follow_up`) or again (the catalog was used up)."""


@dataclass(frozen=True)
class Rules:
    """What the viewer has ruled out: mutes, restricted mode, a genre-limited feed."""

    muted: frozenset[tuple[str, str]] = frozenset()
    """(kind, value) pairs: ("genre", "dance"), ("creator", "ana"), ("hashtag", ...), ("sound", ...)."""
    restricted: bool = False
    """Hide videos flagged mature (a younger viewer)."""
    genres: frozenset[str] | None = None
    """Only these genres (the STEM feed), or all."""
    words: KeywordFilter = field(default_factory=KeywordFilter)
    """The viewer's keyword filters: a video whose title, caption or hashtags hold one is never shown."""
    topics: Mapping[str, str] = field(default_factory=dict)
    """genre -> "more" or "less" (the ranking honours it; see TOPIC_SCORE); a genre not named is normal."""

    @property
    def rules_out(self) -> bool:
        """Whether these rules hide any video at all (the default rules hide none: a pick need not ask)."""
        return self.restricted or self.genres is not None or bool(self.words) or bool(self.muted)

    def allows(self, video: Video) -> bool:
        if self.restricted and video.mature:
            return False
        if self.genres is not None and not any(g in self.genres for g in video.genres):
            return False
        if self.words and self.words.hides(video):
            return False
        if not self.muted:
            return True
        return not (
            any(("genre", g) in self.muted for g in video.genres)
            or ("creator", video.creator) in self.muted
            or ("sound", video.sound) in self.muted
            or any(("hashtag", h) in self.muted for h in video.hashtags)
        )


@dataclass
class Policy:
    """Picks cards for one viewer; remembers what they have seen.

    >>> from recommender.video import Catalog, Video
    >>> vids = tuple(Video(f"v{i}", f"t{i}", "", f"c{i}", (f"g{i % 3}",), (), f"s{i}", 30.0, 0.0,
    ...                    views=1000, completion_rate=0.1 * (i % 9)) for i in range(30))
    >>> policy = Policy(Catalog(vids), random.Random(0))
    >>> rec = policy.next(TasteProfile(), now=0.0)
    >>> rec.source, rec.reason
    ('cold', 'popular now')
    """

    catalog: Catalog | Shelf
    """The videos to pick from: a catalog in memory, or a shelf that reads them as needed (`stored_index`)."""
    rng: random.Random
    cold_cards: int = COLD_CARDS
    explore_min: float = EXPLORE_MIN
    explore_max: float = EXPLORE_MAX
    trial_share: float = TRIAL_SHARE
    shown: MutableSet[str] = field(default_factory=set)
    """Ids of the videos the viewer has seen (a catalog holds no two videos with the same content): a set, or one
    kept in SQLite (`stored_index.SeenVideos`) that is asked by id instead of read at start."""
    last: Video | None = None
    cold_genres: list[str] = field(default_factory=list)
    credit: dict[str, float] = field(default_factory=lambda: {"explore": 0.0, "trial": 0.0})
    """Slots owed to exploration and trials: a steady share, not a coin flip."""
    stage_of: Callable[[Video, float, float | None], str] = stage
    """A video's lifecycle stage at a time (given its verdict, if known): from its age and catalog figures
    (`lifecycle.stage`), or, under a simulated audience, from the figures that audience produced."""
    offered: tuple[str, ...] = ("trial",)
    """Stages whose fresh videos trial slots serve; a simulated audience adds "pushed wider" (its wider batches)."""
    recent_genres: deque = field(default_factory=lambda: deque(maxlen=8))
    """Genres of the last cards shown, newest last: the diversity re-rank's memory."""
    follow_ups: tuple[str, ...] = ()
    """Creators followed since this feed began whose next video has not been shown yet (`_follow_up`)."""
    follows: frozenset[str] | None = None
    """The creators followed at the last pick (None before the first): a follow since is a new one."""

    def __post_init__(self) -> None:
        self.index: Shelf = CatalogIndex(self.catalog) if isinstance(self.catalog, Catalog) else self.catalog
        self.cursor = Cursor(self.index)
        self._prior: dict[str, float] = {}
        self._fixed: dict[str, tuple[Video, float, float]] = {}
        """video id -> (the video, its verdict, its stage's bonus) at `_fixed_at`: what ranking asks of a candidate that
        is the same at every pick made at one time (under the audience, a day's every pick)."""
        self._fixed_at: tuple[float, Callable] | None = None
        self._take_back: Callable[[], None] = nothing
        """What takes back the index's last start over (`Shelf.start_over`), while a pick may still be taken back."""
        self.trial_slots = 0
        """Trial slots this policy has come to (whether or not a trial fitted): a simulated audience counts a day
        on which its feeds came to some and none went to a trial as a day the trial was passed over."""

    # -- state --------------------------------------------------------------

    def mark_shown(self, video: Video) -> None:
        """Remember that the viewer has seen `video` (no repeats)."""
        self.shown.add(video.id)
        self.remember([video])

    def remember(self, videos: list[Video]) -> None:
        """The cards on screen before this feed began, oldest first (a session's start, from the views on record):
        the next card is not a second in a row by the last one's creator or sound, and the diversity re-rank counts
        the run of genres they end, as if the app had not been closed in between. Nothing is marked seen here."""
        for video in videos:
            self.last = video
            self.recent_genres.append(frozenset(video.genres))

    def run_penalty(self, video: Video, liked: frozenset[str] = frozenset()) -> float:
        """What the diversity re-rank takes off `video`'s score: the run of its genre ending the feed (RUN_STEP),
        and a fifth in a row (MAX_RUN) ranked last when `liked` (the viewer's liked genres) holds another genre."""
        run = 0
        for genres in reversed(self.recent_genres):
            if genres.isdisjoint(video.genres):
                break
            run += 1
        penalty = min(RUN_CAP, RUN_STEP * max(0, run - 1))
        if run >= MAX_RUN and not liked.issubset(video.genres):
            penalty += 10.0
        return penalty

    @property
    def _seen(self) -> Callable[[str], bool]:
        """What a walk passes over: the seen videos, or, of a seen set whose videos the shelf's lists leave out
        themselves, only those it has not (its `unlisted`: the ones marked since)."""
        shown = self.shown
        return getattr(shown, "unlisted", shown).__contains__

    def _fits(self, video: Video, rules: Rules) -> bool:
        """Allowed by the rules and not a second card in a row by one creator or sound."""
        if not rules.allows(video):
            return False
        last = self.last
        return last is None or (video.creator != last.creator and video.sound != last.sound)

    # -- picking --------------------------------------------------------------

    def checkpoint(self) -> tuple:
        """What `next` changes, to `restore` when the pick is not kept (its write failed)."""
        return (
            dict(self.credit),
            len(self.cold_genres),
            self.last,
            self.rng.getstate(),
            self.shown,
            tuple(self.recent_genres),
            self.follow_ups,
            self.follows,
        )

    def _undo_start_over(self, seen: MutableSet[str]) -> None:
        """Put back the seen set from before the catalog was started over, and the index's lists with it."""
        self.shown = seen
        self.cursor.reset()
        self._take_back()
        self._take_back = nothing

    def restore(self, checkpoint: tuple, rec: Recommendation | None) -> None:
        """Forget a pick made since `checkpoint`, as if `next` had not been called."""
        credit, cold, self.last, rng_state, shown, recent, self.follow_ups, self.follows = checkpoint
        self.credit = credit
        self.recent_genres = deque(recent, maxlen=self.recent_genres.maxlen)
        del self.cold_genres[cold:]
        self.rng.setstate(rng_state)
        if self.shown is not shown:  # the catalog was started again: put the old sets back
            self._undo_start_over(shown)
        elif rec is not None:
            self.shown.discard(rec.video.id)

    def next(self, profile: TasteProfile, now: float, rules: Rules = Rules()) -> Recommendation:
        """The next card for this viewer; LookupError when the rules leave nothing to show."""
        rec = self._pick(profile, now, rules) if len(self.shown) < len(self.index) else None
        if rec is None:
            # Every allowed video has been seen: start the catalog again (new sets: `restore` may want the old).
            seen = self.shown
            self.shown = set()
            self.cursor.reset()
            self._take_back = self.index.start_over()
            rec = self._pick(profile, now, rules)
            if rec is None:
                # Nothing fits the rules at all (a feed whose genres are all muted): nothing was seen through, and
                # the seen set stays (QA: the STEM feed, science muted, started the catalog over for For You too).
                self._undo_start_over(seen)
                raise LookupError("no video in the catalog fits the viewer's rules")
            rec = Recommendation(rec.video, "seen it all: starting over", "again")
        self.mark_shown(rec.video)
        return rec

    def on_first_cards(self, profile: TasteProfile) -> bool:
        """Whether the next pick is still one of the first cards' probe (one widely liked video per genre), which
        takes no exploration or trial slot."""
        views, cold = profile.views_learned, self.cold_genres
        return views < self.cold_cards or (views < COLD_MAX and bool(cold) and len(cold) < len(self.index.genres))

    def _pick(self, profile: TasteProfile, now: float, rules: Rules) -> Recommendation | None:
        if rec := self._follow_up(profile, rules):
            return rec
        if self.on_first_cards(profile):
            rec = self._cold(profile, rules)
            if rec:
                return rec
        self.credit["explore"] += self.explore_min + (self.explore_max - self.explore_min) * profile.exit_rate
        self.credit["trial"] += self.trial_share
        if self.credit["explore"] >= 1.0:
            self.credit["explore"] -= 1.0
            # A failing feed looks again at any thin yes first: its best lead. A lost one (no yes at all) tries what
            # it never met (its search already spreads over the genres).
            probe = self.rng.random() < PROBE_SHARE or profile.exit_rate >= CHANGING
            rec = self._probe(profile, rules) if probe else None
            if rec is None and self._lost(profile, rules):
                rec = self._untried(profile, rules)
            rec = rec or self._explore(profile, rules)
            if rec:
                return rec
        if self.credit["trial"] >= 1.0:
            self.credit["trial"] -= 1.0
            self.trial_slots += 1
            rec = self._trial(profile, now, rules)
            if rec and self.run_penalty(rec.video, self._liked(profile, rules)) < MAX_RUN:
                return rec
        if self._lost(profile, rules):  # the ranking has nothing of this viewer but noes: search as a cold start does
            rec = self._search(profile, rules)
            if rec:
                return rec
        return self._exploit(profile, now, rules)

    def _follow_up(self, profile: TasteProfile, rules: Rules) -> Recommendation | None:
        """The next video of a creator the viewer has just followed, as soon as it is not a second card in a row by
        them (the card after the follow's): a follow asks for more of a creator now. Followed on one of the first
        cards, the probe went on over every genre, and the ranking then preferred videos pushed wider to the
        creator's older ones: the creator's next video came 17 cards later (QA). Once per follow; a creator with
        nothing left that the rules allow is let go, one whose next videos share the last card's sound waits a card
        (QA: a follow-up let go for that)."""
        following = profile.following
        if following != self.follows:  # a follow since the last pick (the first pick's follows are not new)
            new = sorted(following - self.follows) if self.follows is not None else []
            self.follow_ups = tuple(c for c in (*self.follow_ups, *new) if c in following)
            self.follows = frozenset(following)
        if not self.follow_ups:
            return None
        waiting: list[str] = []
        out = self._run_out() | profile.blocked  # as for a thin yes's other look (`_probe`)

        def allowed(v: Video) -> bool:
            return rules.allows(v) and out.isdisjoint(v.genres)

        for creator in self.follow_ups:
            found = self.cursor.take(("creator", creator), 3, self._seen, allowed)
            fits = [v for v in found if self._fits(v, rules)]
            if fits:
                self.follow_ups = (*waiting, *self.follow_ups[self.follow_ups.index(creator) + 1 :])
                return Recommendation(fits[0], f"because you follow @{creator}", "follow")
            if found:  # the last card's creator (the follow's card) or sound: the next card, then
                waiting.append(creator)
        self.follow_ups = tuple(waiting)
        return None

    def _liked(self, profile: TasteProfile, rules: Rules) -> frozenset[str]:
        """The genres the viewer likes now (`TasteProfile.enjoyed`): the diversity re-rank interleaves them."""
        genres = self._genres(rules)
        return frozenset(g for g, yes in zip(genres, profile.enjoyed("genre", genres), strict=True) if yes)

    def _genres(self, rules: Rules) -> list[str]:
        return [
            g
            for g in self.index.genres
            if (rules.genres is None or g in rules.genres) and ("genre", g) not in rules.muted
        ]

    @staticmethod
    def topic_score(video: Video, rules: Rules) -> float:
        """What the viewer's topics add to `video`'s ranking score (the mean over its genres; "less" takes off)."""
        if not rules.topics:
            return 0.0
        return sum(TOPIC_SCORE.get(rules.topics.get(g, ""), 0.0) for g in video.genres) / len(video.genres)

    @staticmethod
    def _less(video: Video, rules: Rules) -> bool:
        """Whether `video` is of a "less" genre (and of no "more" one)."""
        topics = rules.topics
        return any(topics.get(g) == "less" for g in video.genres) and not any(
            topics.get(g) == "more" for g in video.genres
        )

    def _cold(self, profile: TasteProfile, rules: Rules) -> Recommendation | None:
        """A widely liked video from a genre the probe has not shown yet (nor the viewer refused)."""
        genres = [g for g in self._genres(rules) if g not in self.cold_genres and g not in profile.blocked]
        self.rng.shuffle(genres)
        order = {"more": 0, "less": 2}
        genres.sort(key=lambda g: order.get(rules.topics.get(g, ""), 1))  # "more" first, "less" last
        median = self.index.median_completion
        for genre in genres:
            best = self.cursor.take(
                ("genre", genre), 1, self._seen, lambda v: v.completion_rate >= median and self._fits(v, rules)
            )
            if best:
                self.cold_genres.append(genre)
                return Recommendation(best[0], "popular now", "cold")
        return None

    def _explore(self, profile: TasteProfile, rules: Rules) -> Recommendation | None:
        """A well-liked video from a genre the profile knows least about, never one the viewer keeps refusing or has
        clearly turned away from (KNOWN_NO): exploration goes where the model is unsure."""
        # Never a fifth card in a row of one genre (MAX_RUN), as for a ranked pick.
        run = self._run_out()
        allowed = [g for g in self._genres(rules) if g not in profile.blocked and g not in run]
        doubted = profile.doubted
        if doubted is not None:  # what the feed shows now fails: anything not tried since, old noes included
            window = profile.views_learned - doubted
            genres = [g for g in allowed if profile.staleness("genre", g) >= window] or allowed
        else:
            genres = [g for g in allowed if not self._known_no(profile, g)] or allowed
        if not genres:
            return None
        if doubted is not None:
            unsure = [1.0] * len(genres)
        else:
            unsure = [1.0 / (1.0 + profile.weight("genre", g)) for g in genres]
        weights = [TOPIC_EXPLORE.get(rules.topics.get(g, ""), 1.0) * u for g, u in zip(genres, unsure, strict=True)]
        genre = self.rng.choices(genres, weights=weights)[0]
        options = self.cursor.take(("genre", genre), 5, self._seen, lambda v: self._fits(v, rules))
        if not options:
            return None
        video = self.rng.choice(options)
        known = profile.weight("genre", genre) > 0.0  # met before, however faded ("new to you" it is not)
        reason = f"exploring: another look at {genre}" if known else f"exploring: {genre} is new to you"
        return Recommendation(video, reason, "explore")

    def _probe(self, profile: TasteProfile, rules: Rules) -> Recommendation | None:
        """Another video of a creator, hashtag or sound the viewer seems to like on evidence too thin to trust
        (`TasteProfile.thin`): where the model is unsure and the upside is known. The candidates are those a pick
        retrieves (the best few of each kind among the recent views', and the followed creators), each with a chance:
        what it would add to a score if its evidence held (the kind's learned weight times the evidence's mean, and
        a follow's FOLLOW_SCORE) over how much backs it (1 + its weight). The video is drawn among the next few of
        each one's list, by the chances of all the thin yeses it carries. Never a fifth card in a row of one genre
        (MAX_RUN), nor a genre the viewer keeps refusing (`blocked`)."""
        weights = dict(zip(("creator", "hashtag", "sound"), profile.combination.weights[1:4], strict=True))
        following = profile.following
        options: list[tuple[str, str]] = []
        chances: list[float] = []
        for kind, w in weights.items():
            values = [value for value, _ in profile.top(kind, TOP_LISTS[kind], liked=True)]
            if kind == "creator":
                values += sorted(following.difference(values))
            for value, mean, backing in profile.thin(kind, values):
                follow = FOLLOW_SCORE if kind == "creator" and value in following else 0.0
                gain = max(0.0, w * mean) + follow
                if gain > 0.0 and (kind, value) not in rules.muted:
                    options.append((kind, value))
                    chances.append(gain / (1.0 + backing))
        out = self._run_out() | profile.blocked  # nor a genre the viewer keeps refusing, as for a genre's exploration
        chance = dict(zip(options, chances, strict=True))
        videos: dict[str, Video] = {}

        def fits(v: Video) -> bool:
            return self._fits(v, rules) and out.isdisjoint(v.genres)

        for key in options:
            for video in self.cursor.take(key, 5, self._seen, fits):
                videos[video.id] = video
        if not videos:
            return None
        # Each video by how likely it is a yes if the viewer's taste is one of the thin yeses: the chances of all
        # it carries. One loved card backs its creator, hashtags and sound alike; a video carrying two of them is
        # twice the lead, and drawn by key alone a seldom-likely creator took both slots before a hashtag's.
        scored = [(video, [k for k in dict.fromkeys(features(video)) if k in chance]) for video in videos.values()]
        chosen_by = [sum(chance[k] for k in keys) for _, keys in scored]
        video, keys = scored[self.rng.choices(range(len(scored)), weights=chosen_by)[0]]
        named = [k for k in keys if not self._broad(k)]  # #fyp is no taste to take another look at (QA)
        if not named:  # drawn for the feed's own tags alone: said as what they stand for (a bare "exploring", QA)
            return Recommendation(video, "exploring: more like cards you stayed on", "explore")
        kind, value = max(named, key=chance.__getitem__)
        if kind == "creator" and value in following:  # the follow is why: say it, as a ranked pick does
            return Recommendation(video, f"because you follow @{value}", "explore")
        return Recommendation(video, f"exploring: another look at {_said(kind, value)}", "explore")

    def _run_out(self) -> set[str]:
        """The genres of the last MAX_RUN cards, all of them: one more would be a fifth card in a row of one."""
        recent = list(self.recent_genres)[-MAX_RUN:]
        return set.intersection(*map(set, recent)) if len(recent) == MAX_RUN else set()

    def _broad(self, key: Key) -> bool:
        """A hashtag on more videos than an average genre holds (`Shelf.broad`): a reason never names it."""
        return key[0] == "hashtag" and self.index.broad(key[1])

    def _lost(self, profile: TasteProfile, rules: Rules) -> bool:
        """Whether the feed has nothing of this viewer to go on but noes: every one of the last CHANGE_WINDOW cards
        was skipped at once (or marked not interested), and neither a genre nor a creator of the recent views has a
        yes that holds (a positive offset, the noes from before those cards doubted). A one-genre fan at the end of
        the cold probe has skipped the last ten genres too, and a creator fan the ten cards after their creator's
        first, but each has a yes: the ranking serves it."""
        if profile.views_learned < CHANGE_WINDOW or profile.exit_rate < 1.0:
            return False
        doubted = profile.doubted
        if any(score > 0.0 for _, score in profile.top("creator", 1)):
            return False
        return not any(off > 0.0 for off in profile.offsets("genre", self._genres(rules), doubted))

    def _wide(self, profile: TasteProfile, rules: Rules) -> list[Video]:
        """What a lost feed chooses from (`_search`, `_untried`): every genre's well-liked (its first WIDE_LOOK unseen
        by the verdict) from a genre not shown in the last cards (`recent_genres`, the diversity re-rank's memory: the
        feed spreads over the genres), by creators the viewer has not met, where a genre has any; in the genres'
        order. A genre the viewer refused (`blocked`) stays out, as from exploration."""
        lately = set().union(*self.recent_genres) if self.recent_genres else set()
        allowed = [g for g in self._genres(rules) if g not in profile.blocked]
        pool: list[Video] = []
        for genre in [g for g in allowed if g not in lately] or allowed:
            options = self.cursor.take(("genre", genre), WIDE_LOOK, self._seen, lambda v: self._fits(v, rules))
            pool.extend([v for v in options if not profile.weight("creator", v.creator)] or options)
        return pool

    def _search(self, profile: TasteProfile, rules: Rules) -> Recommendation | None:
        """A lost feed's pick (`_lost`): of `_wide`, the video finished by the most viewers (`_widest`). Where the
        model knows least (a new creator; the lost feed's noes are doubted), and the video most likely to please a
        viewer it knows nothing of, as the cold start's are."""
        pool = self._wide(profile, rules)
        if not pool:
            return None
        video = _widest(pool)
        new = not profile.weight("creator", video.creator)
        return Recommendation(video, "widely watched, by a creator new to you" if new else "widely watched", "cold")

    def _untried(self, profile: TasteProfile, rules: Rules) -> Recommendation | None:
        """A lost feed's exploration: of `_wide`, the video that tries the most creators, hashtags and sounds the
        viewer never met (`_most_untried`). The search (`_search`) tries the widest videos' creators, which repeat
        the same few common tags; a viewer whose taste is a hashtag the first cards missed is found here."""
        pool = self._wide(profile, rules)
        if not pool:
            return None
        allowed = [g for g in self._genres(rules) if g not in profile.blocked]
        take, seen = self.cursor.take, self._seen
        among = [
            _tried_by(v) for g in allowed for v in take(("genre", g), WIDE_LOOK, seen, lambda v: self._fits(v, rules))
        ]
        video, untried = _most_untried(pool, profile, among)
        if untried.startswith("#") and self._broad(("hashtag", untried[1:])):
            untried = ""  # tried, but not named: the feed's tag, not a taste (QA: "exploring: #foryoupage is new")
        said = f"{untried} is new to you" if untried else "creators and hashtags new to you"
        return Recommendation(video, f"exploring: {said}", "explore")

    @staticmethod
    def _known_no(profile: TasteProfile, genre: str) -> bool:
        return profile.offset("genre", genre) < KNOWN_NO

    def _trial(self, profile: TasteProfile, now: float, rules: Rules) -> Recommendation | None:
        """A fresh upload on its trial batch, or an old poor video's second chance."""

        # Trial batches go to viewers likely to care: no genre they have turned away from. A walk asks it of up to
        # a few hundred uploads: each genre's offset is read once (`unwelcome`), not once per video.
        unwelcome: dict[str, bool] = {}

        def ok(v: Video) -> bool:
            if not self._fits(v, rules):
                return False
            for g in v.genres:
                no = unwelcome.get(g)
                if no is None:
                    no = unwelcome[g] = profile.offset("genre", g) < 0 or g in profile.blocked
                if no:
                    return False
            return True

        stage = self.stage_of
        fresh = [
            v
            for v in self.cursor.take(("fresh", ""), TRIAL_LOOK, self._seen, ok, LOOK_DEPTH)
            if stage(v, now, None) in self.offered
        ]
        if fresh and self.rng.random() < 0.8:
            fit = profile.fitter()  # each genre's, length's ... offset worked out once for them all
            video = max(fresh, key=lambda v: (fit(v), v.id))
            return Recommendation(video, "fresh upload: trying it on a small batch", "fresh")
        retry = [
            v
            for v in self.cursor.take(("poor", ""), RETRY_LOOK, self._seen, ok, LOOK_DEPTH)
            if stage(v, now, None) == "second chance"
        ]
        if retry:
            fit = profile.fitter()  # each genre's, length's ... offset worked out once for them all
            video = max(retry, key=lambda v: (fit(v), v.id))
            return Recommendation(video, "second chance: an older video that did poorly at first", "retry")
        return None

    def warm(self) -> None:
        """Read the rows a trial slot walks (fresh uploads, then older poor ones) as deep as it may, ahead of it:
        the shelf keeps what it decodes, so the first trial slot's swipe no longer pays for some 600 rows (15-25
        ms). The app calls it once, on idle after the first card. It changes no pick: a walk only skips the seen
        front of a list and fills caches."""
        for key, n in ((("fresh", ""), TRIAL_LOOK), (("poor", ""), RETRY_LOOK)):
            self.cursor.take(key, n * LOOK_DEPTH, self._seen, None)

    def read_ahead(self, profile: TasteProfile, rules: Rules) -> None:
        """Walk now the lists the next pick will walk, as far as this profile tells (`candidates`), so that their
        rows are decoded before the key: the pick after it decodes only what the last view changed (a pick that
        met new rows cost 2-3 times its median). The lists of the card on screen are walked too, as deep as a
        pick may take them (DEPTH_CAP): its view is what may bring its creator, hashtags and sound to the profile's
        top (the rows a pick still met new were mostly these). It changes no pick: a walk only skips the seen front
        of a list and fills caches."""
        self.candidates(profile, rules, profile.doubted)
        card = self.last
        if card is not None:
            ok = rules.allows if rules.rules_out else None
            keys = [("creator", card.creator), *(("hashtag", h) for h in card.hashtags), ("sound", card.sound)]
            for key in keys:
                if key[1]:
                    self.cursor.take(key, DEPTH_CAP[key[0]], self._seen, ok)

    def candidates(self, profile: TasteProfile, rules: Rules, doubted: int | None = None) -> dict[str, Video]:
        """About BUDGET unseen videos worth ranking, from the index (`doubted`: `TasteProfile.doubted`).

        The lists the profile leads to (its best genres, every "more" genre, its best-liked length, its best
        creators, hashtags and sounds, the videos related to what it loved) share BUDGET by what being on each adds
        to a video's score: the kind's learned weight times the feature's offset (`depths`; GENRE_SHARE of it to the
        genre lists). Without its length's list, a viewer whose taste is a length found three or four videos of it
        among the fifty ranked: the profile knew (a weight of 1.5 on length, the shortest bucket at +0.6) and the
        pool did not hold them (`at most 10 s` in fixtures/personas/untargeted.json: 45% on-taste before, 95%
        after). A kind this viewer's weights count for nothing is not gathered. The
        audience's best few come beside them, and the newest few uploads (BEST_TAKE of each): a new video
        comes mostly by its trial slots (`_trial`, chosen by the viewer's own evidence) and by the lists it is on;
        taken twenty deep as before the budget, in front of a pool a sixth the size, a video pushed wider won the
        picks of viewers who did not care for it, and not taken at all, a loved one was seldom shown widely enough
        to grow (README, "Speed")."""
        ok = rules.allows if rules.rules_out else None
        take = self.cursor.take
        seen = self._seen
        found: dict[str, Video] = {}

        def add(videos: list[Video]) -> None:
            for v in videos:
                found[v.id] = v

        genres = self._genres(rules)
        topics = rules.topics
        w_genre, w_creator, w_hashtag, w_sound, w_length, w_related, _ = profile.combination.weights
        offsets = list(zip(genres, profile.offsets("genre", genres, doubted), strict=True))  # each genre's once
        broad: list[tuple[Key, float]] = []
        for genre, off in offsets:
            if topics.get(genre) == "more":
                broad.append((("genre", genre), max(0.0, w_genre * off) + TOPIC_SCORE["more"]))
        ranked = sorted(
            ((g, off) for g, off in offsets if topics.get(g) != "more"),
            key=lambda go: (topics.get(go[0]) == "less", -go[1]),
        )
        broad.extend((("genre", g), max(0.0, w_genre * off)) for g, off in ranked[:GENRE_LISTS])
        narrow: list[tuple[Key, float]] = []
        off, name = max(zip(profile.offsets("length", LENGTH_NAMES), LENGTH_NAMES, strict=True))
        if w_length > 0.0 and off > 0.0:  # the best-liked length, beside the genres' lists that hold every length
            narrow.append((("length", name), w_length * off))
        for kind, weight in (("creator", w_creator), ("hashtag", w_hashtag), ("sound", w_sound)):
            if weight > 0.0:
                narrow.extend(
                    ((kind, value), weight * score) for value, score in profile.top(kind, TOP_LISTS[kind], liked=True)
                )
        if profile.following:  # a follow asks for more of a creator, as "more" does of a genre: always looked up
            taken = {key for key, _ in narrow}
            followed = [c for c in sorted(profile.following) if ("creator", c) not in taken]
            theirs = zip(profile.offsets("creator", followed), followed, strict=True)
            for off, creator in sorted(theirs, reverse=True)[: TOP_LISTS["creator"]]:
                narrow.append((("creator", creator), max(0.0, w_creator * off) + FOLLOW_SCORE))
        loved = profile.loved(DEPTH_CAP["loved"]) if w_related > 0.0 else []
        if loved:
            narrow.append((("loved", ""), w_related * profile.related_offset(loved[0])))
        share = round(BUDGET * GENRE_SHARE) if narrow else BUDGET
        sized = [
            *zip(broad, depths([gain for _, gain in broad], share), strict=True),
            *zip(narrow, depths([gain for _, gain in narrow], BUDGET - share), strict=True),
        ]
        for (key, _), depth in sized:
            if key[0] != "loved":
                add(take(key, min(depth, DEPTH_CAP[key[0]]), seen, ok))
                continue
            for vid in loved[:depth]:
                v = self.index.get(vid)
                if v is not None and vid not in self.shown and (ok is None or ok(v)):
                    found[v.id] = v
        if rules.genres is None:
            add(take(("all", ""), BEST_TAKE, seen, ok))
        else:
            for genre in genres:
                add(take(("genre", genre), BEST_TAKE, seen, ok))
        add(take(("fresh", ""), BEST_TAKE, seen, ok))
        return found

    def score(self, profile: TasteProfile, video: Video, now: float, personal: Callable | None = None) -> float:
        """The ranking score: the audience's verdict, the viewer's offset (`personal`: a `profile.scorer()`),
        the stage's bonus."""
        prior = self.prior(video)
        offset = personal(video) if personal else profile.score_one(video)
        return PRIOR_WEIGHT * prior + offset + BONUS[self.stage_of(video, now, prior)]

    def prior(self, video: Video) -> float:
        """The audience's verdict on `video` (remembered: ranking asks for it again and again)."""
        prior = self._prior.get(video.id)
        if prior is None:
            if len(self._prior) > 50_000:
                self._prior.clear()
            prior = self._prior[video.id] = verdict(video)  # `audience_reward`, as the profile keeps it
        return prior

    def _exploit(self, profile: TasteProfile, now: float, rules: Rules) -> Recommendation | None:
        doubted = profile.doubted
        pool = list(self.candidates(profile, rules, doubted).values())
        scored = self.ranked(profile, pool, now, rules, doubted)
        # One coin a pick (LESS_KEEP): on a thinned pick every "less" video gives way. A coin per candidate would
        # keep a "less" genre that fills the top of the ranking nearly always (the next best is of it too).
        thin = bool(rules.topics) and "less" in rules.topics.values() and self.rng.random() >= LESS_KEEP
        # A genre the viewer keeps saying "not interested" to (`TasteProfile.blocked`) is not picked, as it is not
        # explored: its refusals weigh what a quick skip does, and a dance video reached by a creator, a hashtag
        # or the audience's verdict outranked them and came back every twenty cards or so (QA, a persona refusing
        # dance: 2 to 5 dance cards after its second "not interested" in 120 swipes, where the issue allows one).
        # A genre asked for ("More" in settings) is never kept out: the block lifts only by engaging with the genre,
        # which the feed alone would no longer offer.
        blocked = {g for g in profile.blocked if rules.topics.get(g) != "more"} if profile.blocked else profile.blocked
        # The best few are enough almost always (the creator/sound rule rarely turns away more than one or two).
        for ranked in (heapq.nsmallest(8, scored), sorted(scored)):
            for _, _, video in ranked:
                if blocked and not blocked.isdisjoint(video.genres):
                    continue
                if self._fits(video, rules) and not (thin and self._less(video, rules)):
                    return Recommendation(video, self.explain(profile, video, now), "exploit")
        # Only the creator/sound rule (or a refused genre) stood in the way: relax it rather than stop, a refused
        # genre last.
        best = min(scored, key=lambda s: (bool(blocked) and not blocked.isdisjoint(s[2].genres), s), default=None)
        return Recommendation(best[2], self.explain(profile, best[2], now), "exploit") if best else None

    def ranked(
        self, profile: TasteProfile, pool: list[Video], now: float, rules: Rules, doubted: int | None = None
    ) -> list[tuple[float, str, Video]]:
        """(minus the ranking score, id, video) for each of `pool`: `score` with the topics, a follow and the
        diversity re-rank (`run_penalty`), the same figures bit for bit, but what a pick shares is worked out once:
        the viewer's offsets (`TasteProfile.personal_scores`), the topics' score and the run's penalty per set of
        genres."""
        personal = profile.personal_scores(pool, doubted)
        liked = self._liked(profile, rules)
        following = profile.following
        stage_of, known_prior, prior_of = self.stage_of, self._prior.get, self.prior
        if self._fixed_at != (now, stage_of) or len(self._fixed) > 50_000:  # a stage is the video's at a time
            self._fixed.clear()
            self._fixed_at = (now, stage_of)
        fixed = self._fixed
        fixed_of = fixed.get
        topics = bool(rules.topics)
        by_genres: dict[tuple[str, ...], tuple[float, float]] = {}
        shared_of = by_genres.get
        weight, bonus, follow = PRIOR_WEIGHT, BONUS, FOLLOW_SCORE
        out: list[tuple[float, str, Video]] = []
        append = out.append
        for v, offset in zip(pool, personal, strict=True):
            vid = v.id
            known = fixed_of(vid)
            if known is None or known[0] is not v:
                prior = known_prior(vid)
                if prior is None:
                    prior = prior_of(v)
                known = fixed[vid] = (v, prior, bonus[stage_of(v, now, prior)])
            genres = v.genres
            shared = shared_of(genres)
            if shared is None:
                shared = by_genres[genres] = (
                    self.topic_score(v, rules) if topics else 0.0,
                    self.run_penalty(v, liked),
                )
            append(
                (
                    -(weight * known[1] + offset + known[2])
                    - shared[0]
                    - ((follow - min(0.0, known[2])) if v.creator in following else 0.0)
                    + shared[1],
                    vid,
                    v,
                )
            )
        return out

    def explain(self, profile: TasteProfile, video: Video, now: float) -> str:
        """One line, in the viewer's words, for why `video` is on their screen.

        Only evidence for the video is a reason: a kind whose offset is positive (a like, a stay) under a positive
        weight. A negative weight times a negative offset adds to the score too, but "because you stay on videos
        under 10 s long" of a length the viewer leaves at once is not true."""
        weights = profile.kind_weights
        terms = profile.terms(video)
        # A hashtag on more videos than an average genre (#fyp, #foryou) is the feed's, not a taste: the reason names
        # the best of the others, or another kind ("because you like #fyp videos" told the viewer nothing).
        tags = [h for h in video.hashtags if not self._broad(("hashtag", h))]
        terms["hashtag"] = weights["hashtag"] * max(profile.offset("hashtag", h) for h in tags) if tags else 0.0
        terms = {k: v for k, v in terms.items() if k == "audience" or (weights[k] > 0.0 and v > 0.0)}
        kind, value = max(terms.items(), key=lambda kv: kv[1])
        if value <= 0.02 or kind == "audience":
            st = self.stage_of(video, now, None)
            return "trending: pushed wider after a strong first batch" if st == "pushed wider" else "popular now"
        if kind == "genre":
            best = max(video.genres, key=lambda g: profile.offset("genre", g))
            return profile.reason_for_genre(best)
        if kind == "creator":
            if video.creator in profile.following:
                return f"because you follow @{video.creator}"
            return f"more from @{video.creator}, whose videos you watch"
        # "Like" is the profile screen's word: said only where it reads a hashtag or sound "more than most viewers".
        # Below that (about as much, not enough to tell, less: a viewer who leaves nearly everything early), the
        # reason says only what the ranking saw, that they stay longer on these than on most they are shown: they
        # linger on them ("than on most" beside the profile's "less than most viewers" read as a contradiction, QA;
        # "than on most of your cards" was cut on the card's one line).
        if kind == "hashtag":
            tag = max(tags, key=lambda h: profile.offset("hashtag", h))
            if standing(profile, "hashtag", tag).words != MORE:
                return f"because you linger on #{tag} videos"
            return f"because you like #{tag} videos"
        if kind == "sound":
            if standing(profile, "sound", video.sound).words != MORE:
                return f"because you linger on this sound: {video.sound}"
            return f"because you keep watching videos with this sound: {video.sound}"
        if kind == "length":  # as a hashtag's (QA: "because you stay on ..." beside the profile's "about as much")
            bucket = length(video.duration_s)
            verb = "stay" if standing(profile, "length", bucket).words == MORE else "linger"
            return f"because you {verb} on videos {length_words(bucket)} long"
        return "viewers who liked what you liked also watched this"
