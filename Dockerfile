# Warta: one image for every role (api, worker, translator, beat, migrate);
# docker-compose.yml picks the role through the command.
FROM python:3.11-slim-bookworm

# WARTA_DATA_DIR: the default (./.warta) would land in the root-owned /app.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    WARTA_DATA_DIR=/data

# Unprivileged runtime user. /data belongs to it, so a fresh named volume
# mounted there starts out with that ownership.
RUN groupadd --system --gid 10001 warta \
 && useradd --system --uid 10001 --gid warta --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin warta \
 && install -d -o warta -g warta /data

# Install non-editable into site-packages from a scratch copy, then drop the
# copy so no source tree sits beside the installed packages. Every dependency
# ships a wheel or is pure Python (psycopg[binary] bundles libpq), so no
# compiler or -dev packages are needed. .dockerignore keeps the context down
# to pyproject.toml, README and the packages.
COPY . /tmp/src
RUN pip install /tmp/src && rm -rf /tmp/src

WORKDIR /app
USER warta

EXPOSE 8000
CMD ["warta", "api", "--host", "0.0.0.0", "--port", "8000"]
