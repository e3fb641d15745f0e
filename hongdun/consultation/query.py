"""What a FAQ search query asks for: a whole question ("怎么注销公司") is cut into words with
jieba, the words that carry no meaning (怎么, 如何, 吗, 的 …) are dropped, and everyday words are
widened to the wording the regulations use (个体户 → 个体工商户). Short queries (one or two
characters, such as 注销) are taken as typed, so they still match inside longer words.

jieba's dictionary takes about a second to load, so it is loaded once per process, on the first
query that needs it (a query of two characters or fewer never does), behind a lock.
"""

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

QUERY_MAX_CHARS = 50
# Distinct concepts per query: a whole question has a handful, more is noise or abuse.
QUERY_MAX_CONCEPTS = 8

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PUNCTUATION = "，。、；：？！,.;:?!\"'“”‘’()（）【】《》<>…—-~·"
# A run of text the user typed between spaces or punctuation. Spaces separate what must all be
# found; punctuation inside a question does not.
_CHUNKS = re.compile(r"\s+")

# Words that only shape a question. Single characters are dropped anyway (too common to rank
# on), unless the whole chunk is that short or a synonym below names them.
STOP_WORDS = frozenset(
    """
    怎么 怎样 怎么样 怎么办 如何 为什么 为何 什么 哪些 哪个 哪里 哪儿 多少 多久 几个 是否 能否 可否
    可以 能够 需要 应该 应当 必须 想要 想 要 请问 请 您好 你好 谢谢 麻烦 一下 我 我们 你 您 他 她 它
    他们 自己 这个 那个 这样 那样 还是 或者 以及 还有 就是 是不是 有没有 吗 呢 吧 啊 呀 的 地 得
    了 着 过 和 与 及 在 是 有 没有 会 能 办 做 去 到 用 对 把 被 给 从 向 时候 现在 已经
    """.split()  # noqa: SIM905 - a list of ninety quoted words would hide the words
)

# Everyday words widened to the regulations' wording; each keeps its own spelling too.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "个体户": ("个体工商户",),
    "法人": ("法定代表人",),
    "法人代表": ("法定代表人",),
    "年报": ("年度报告",),
    "执照": ("营业执照",),
    "丢": ("遗失",),
    "丢失": ("遗失",),
    "弄丢": ("遗失",),
    "补办": ("补领",),
    "几天": ("多少天",),
    "改名": ("名称变更", "更名"),
    "改名字": ("改名", "名称变更", "更名"),
    "开公司": ("设立公司", "设立"),
    "注册公司": ("设立公司", "设立"),
    "搬家": ("住所变更", "迁移"),
    "关门": ("注销", "歇业"),
    "停业": ("歇业",),
    "老板": ("经营者", "投资人", "股东"),
}

logger = logging.getLogger(__name__)
_tokenizer: Any = None
_tokenizer_lock = threading.Lock()


def _jieba() -> Any:
    """The process's jieba tokenizer, loaded on first use (about a second) and then reused."""
    global _tokenizer  # one dictionary per process, by design
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in SYNONYMS:
                    tokenizer.add_word(word)
                _tokenizer = tokenizer
    return _tokenizer


@dataclass(frozen=True)
class FaqQuery:
    """`groups`: one per chunk the user typed (separated by spaces); an entry must match each.
    A group is a list of concepts, a concept the words that count as the same (注销; 个体户 or
    个体工商户). Entries matching more concepts rank first."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]

    @property
    def concepts(self) -> list[tuple[str, ...]]:
        return [concept for group in self.groups for concept in group]

    @property
    def terms(self) -> list[str]:
        """Every word to look for and to highlight, once each."""
        seen: list[str] = []
        for concept in self.concepts:
            for word in concept:
                if word.lower() not in {s.lower() for s in seen}:
                    seen.append(word)
        return seen

    def __bool__(self) -> bool:
        return bool(self.groups)


def _words(chunk: str) -> list[str]:
    """The meaningful words of one typed chunk."""
    if len(chunk) <= 2:
        return [chunk]
    words = []
    for token in _jieba().lcut(chunk):
        token = token.strip().strip(_PUNCTUATION)
        if not token or token in STOP_WORDS:
            continue
        if len(token) < 2 and token not in SYNONYMS and not token.isascii():
            continue
        words.append(token)
    # Nothing meaningful left (a run of one character, or only question words): take the text as
    # typed, so the search says "nothing found" rather than ignoring the query.
    return words or [chunk]


def query_text(raw: Any) -> str:
    """The query as the search looks at it: NFKC-folded (full-width letters and digits become
    ASCII), control characters (NUL would break PostgreSQL) removed, 50 characters at most."""
    if not isinstance(raw, str):
        return ""
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFKC", raw))[:QUERY_MAX_CHARS].split())


def faq_query(raw: Any) -> FaqQuery:
    """The query (see query_text) as groups of concepts."""
    text = query_text(raw)
    groups: list[tuple[tuple[str, ...], ...]] = []
    seen: set[str] = set()
    budget = QUERY_MAX_CONCEPTS
    for chunk in _CHUNKS.split(text):
        chunk = chunk.strip(_PUNCTUATION)
        if not chunk or budget <= 0:
            continue
        group = []
        for word in _words(chunk):
            if word.lower() in seen or budget <= 0:
                continue
            seen.add(word.lower())
            group.append((word, *SYNONYMS.get(word, ())))
            budget -= 1
        if group:
            groups.append(tuple(group))
    return FaqQuery(groups=tuple(groups))
