FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PARLEY_DATABASE_URL=sqlite:////data/parley.db

RUN useradd --create-home --uid 10001 parley && mkdir /data && chown parley /data
WORKDIR /srv/parley
COPY pyproject.toml README.md alembic.ini ./
COPY alembic ./alembic
COPY app ./app
COPY db ./db
COPY importers ./importers
COPY nlp ./nlp
COPY stats ./stats
COPY report ./report
COPY metrics ./metrics
# Editable, so the migrations in ./alembic sit beside the code that applies them.
RUN pip install -e '.[postgres]'

USER parley
VOLUME /data
EXPOSE 8000
# `parley serve` applies the migrations before it starts the server.
CMD ["parley", "serve", "--host", "0.0.0.0", "--port", "8000"]
