"""Response models of a thread's exchanges and conversations."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.api.schemas import CommentOut, MetricsOut


class ExchangeOut(BaseModel):
    turns: int = Field(description="Turns, the post counting as its creator's when it opens.")
    authors: list[str] = Field(description="Who takes the first turn, and who answers.")
    opens_with_post: bool = Field(description="The post (its creator's turn) opens it.")
    comments: list[CommentOut] = Field(description="The comments of the exchange, top first.")


class ExchangesOut(BaseModel):
    total: int = Field(description="Exchanges found; `items` holds the longest `limit`.")
    items: list[ExchangeOut]


class ConversationOut(BaseModel):
    top_level: CommentOut = Field(description="The comment that opened the conversation.")
    comments: int = Field(description="The opener and every reply below it.")
    metrics: MetricsOut


class ConversationsOut(BaseModel):
    total: int
    items: list[ConversationOut] = Field(description="Highest Dialogue Score first.")
