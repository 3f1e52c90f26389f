"""The query language of sources and of the stream's filter.

    recrutement AND (salaire OR "ma rémunération") NOT stage
    recrut* -alternance (télétravail OU "travail à distance")

Terms, "quoted phrases", ``AND``/``ET``, ``OR``/``OU``, ``NOT``/``SAUF`` (operators in capitals), a
leading ``-`` for NOT, parentheses, and an implicit AND between neighbours. Precedence: NOT, then AND,
then OR. Matching ignores case and accents and works on whole words (``rh`` does not match
"rhum"); a term ending with ``*`` matches words starting with it; a term made of several words
(``e-mail``) is a phrase. Texts are compared in their normalised form (``text_normalise``): words
without accents or case, separated by single spaces, punctuation gone.

``Query.to_q(field)`` gives a database filter on a field holding ``text_normalise(text)``. Every word
test is written with spaces around it (equal, starts with "w ", ends with " w", contains " w "),
so the filter is exact and NOT can be pushed down to the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_TERMS",
    "Query",
    "QueryError",
    "query_parse",
    "text_normalise",
    "text_words",
]

MAX_LENGTH = 500
MAX_TERMS = 50
MAX_DEPTH = 12  # nested groups and NOTs: far more than anyone writes, far less than Python's recursion limit
OPERATORS = {"AND": "AND", "ET": "AND", "OR": "OR", "OU": "OR", "NOT": "NOT", "SAUF": "NOT"}
_WORD = re.compile(r"\w+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_TOKEN = re.compile(r'\s+|\(|\)|"|[^\s()"]+')


class QueryError(ValidationError):
    """The query cannot be read; the message names the position (1 = first character) or the word."""

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message, code="query")
        self.position = position


def text_words(text: str) -> list[str]:
    """The words of a text, lower case and without accents."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return _WORD.findall(plain.translate(_LIGATURES))


def text_normalise(text: str) -> str:
    """Casefolded, accents and punctuation removed, words separated by single spaces."""
    return " ".join(text_words(text))


# --------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """A term or a phrase: consecutive words; ``prefix`` when the last one ends with ``*``."""

    words: tuple[str, ...]
    prefix: bool = False

    def matches(self, words: list[str]) -> bool:
        size = len(self.words)
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            if window[:-1] == list(self.words[:-1]) and self._last(window[-1]):
                return True
        return False

    def _last(self, word: str) -> bool:
        return word.startswith(self.words[-1]) if self.prefix else word == self.words[-1]

    def to_q(self, field: str) -> Q:
        text = " ".join(self.words)
        if self.prefix:
            return Q(**{f"{field}__startswith": text}) | Q(**{f"{field}__contains": f" {text}"})
        return (
            Q(**{field: text})
            | Q(**{f"{field}__startswith": f"{text} "})
            | Q(**{f"{field}__endswith": f" {text}"})
            | Q(**{f"{field}__contains": f" {text} "})
        )


@dataclass(frozen=True)
class Not:
    operand: Node

    def matches(self, words: list[str]) -> bool:
        return not self.operand.matches(words)

    def to_q(self, field: str) -> Q:
        return ~self.operand.to_q(field)


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]

    def matches(self, words: list[str]) -> bool:
        return all(operand.matches(words) for operand in self.operands)

    def to_q(self, field: str) -> Q:
        return reduce(lambda left, right: left & right, (operand.to_q(field) for operand in self.operands))


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]

    def matches(self, words: list[str]) -> bool:
        return any(operand.matches(words) for operand in self.operands)

    def to_q(self, field: str) -> Q:
        return reduce(lambda left, right: left | right, (operand.to_q(field) for operand in self.operands))


Node = Words | Not | And | Or


@dataclass(frozen=True)
class Query:
    text: str
    root: Node

    def matches(self, text: str) -> bool:
        return self.root.matches(text_words(text))

    def to_q(self, field: str) -> Q:
        """A filter on a field holding ``text_normalise(text)`` (exact; ``matches`` agrees with it)."""
        return self.root.to_q(field)

    @property
    def terms(self) -> list[str]:
        """The terms and phrases searched for (not those under NOT), e.g. to highlight them."""
        found: list[str] = []
        _collect(self.root, found, negated=False)
        return found


def _collect(node: Node, found: list[str], *, negated: bool) -> None:
    if isinstance(node, Words):
        if not negated:
            found.append(" ".join(node.words))
    elif isinstance(node, Not):
        _collect(node.operand, found, negated=not negated)
    else:
        for operand in node.operands:
            _collect(operand, found, negated=negated)


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "phrase", "(", ")", "AND", "OR", "NOT", "-"
    text: str
    position: int  # 1-based


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
        elif char in "()":
            tokens.append(_Token(char, char, index + 1))
            index += 1
        elif char == '"':
            end = text.find('"', index + 1)
            if end < 0:
                raise QueryError(
                    _("The quote opened at position %(position)s is never closed.") % {"position": index + 1},
                    position=index + 1,
                )
            tokens.append(_Token("phrase", text[index + 1 : end], index + 1))
            index = end + 1
        else:
            index = _word_token(text, index, tokens)
    return tokens


def _word_token(text: str, index: int, tokens: list[_Token]) -> int:
    if text[index] == "-" and index + 1 < len(text) and not text[index + 1].isspace():
        tokens.append(_Token("-", "-", index + 1))
        return index + 1
    end = index
    while end < len(text) and not text[end].isspace() and text[end] not in '()"':
        end += 1
    word = text[index:end]
    tokens.append(_Token(OPERATORS.get(word, "word"), word, index + 1))
    return end


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.terms = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        node = self.or_expression()
        token = self.peek()
        if token is not None:  # only a closing parenthesis can stop an expression early
            raise QueryError(
                _("The parenthesis closed at position %(position)s was never opened.")
                % {"position": token.position},
                position=token.position,
            )
        return node

    def or_expression(self) -> Node:
        operands = [self.and_expression()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            operands.append(self.and_expression(after=token))
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_expression(self, after: _Token | None = None) -> Node:
        operands = [self.not_expression(after)]
        while (token := self.peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                self.take()
                operands.append(self.not_expression(token))
            else:
                operands.append(self.not_expression(None))
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def not_expression(self, after: _Token | None) -> Node:
        token = self.peek()
        if token is not None and token.kind in ("NOT", "-"):
            self.take()
            with self.nested(token):
                return Not(self.not_expression(token))
        return self.atom(after)

    @contextmanager
    def nested(self, token: _Token) -> Iterator[None]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(
                _(
                    "The query nests groups or NOT too deeply at position %(position)s "
                    "(at most %(max)s levels)."
                )
                % {"position": token.position, "max": MAX_DEPTH},
                position=token.position,
            )
        yield
        self.depth -= 1

    def atom(self, after: _Token | None) -> Node:
        token = self.peek()
        if token is None or token.kind in ("AND", "OR", ")"):
            raise self._dangling(after, token)
        self.take()
        if token.kind == "(":
            if self.peek() is None:
                raise self._unclosed(token)
            with self.nested(token):
                node = self.or_expression()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self._unclosed(token)
            self.take()
            return node
        return self.words(token)

    def words(self, token: _Token) -> Words:
        prefix = token.kind == "word" and token.text.endswith("*")
        words = text_words(token.text)
        if not words:
            raise QueryError(
                _("“%(word)s” at position %(position)s contains no letter or digit to search for.")
                % {"word": token.text, "position": token.position},
                position=token.position,
            )
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(
                _("The query has more than %(max)s terms.") % {"max": MAX_TERMS}, position=token.position
            )
        return Words(tuple(words), prefix=prefix)

    @staticmethod
    def _unclosed(opening: _Token) -> QueryError:
        return QueryError(
            _("The parenthesis opened at position %(position)s is never closed.")
            % {"position": opening.position},
            position=opening.position,
        )

    @staticmethod
    def _dangling(after: _Token | None, found: _Token | None) -> QueryError:
        if after is not None:
            return QueryError(
                _("“%(word)s” at position %(position)s has nothing after it to apply to.")
                % {"word": after.text, "position": after.position},
                position=after.position,
            )
        if found is not None and found.kind == ")":
            return QueryError(
                _(
                    "The parenthesis closed at position %(position)s was never opened, "
                    "or closes an empty group."
                )
                % {"position": found.position},
                position=found.position,
            )
        assert found is not None
        return QueryError(
            _("“%(word)s” at position %(position)s has nothing before it to apply to.")
            % {"word": found.text, "position": found.position},
            position=found.position,
        )


def query_parse(text: str) -> Query:
    """Read a query; raise QueryError naming the position or the word at fault."""
    text = (text or "").strip()
    if not text:
        raise QueryError(_("The query is empty."))
    if len(text) > MAX_LENGTH:
        raise QueryError(_("The query is too long (at most %(max)s characters).") % {"max": MAX_LENGTH})
    tokens = _tokens(text)
    if not tokens:
        raise QueryError(_("The query is empty."))
    return Query(text=text, root=_Parser(tokens).parse())
