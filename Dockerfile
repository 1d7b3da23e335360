# A production image: the release server and site, in a small runtime image.
#
# NOT BUILT HERE: the template's own machines run no Docker engine, so this file
# has not been through `docker build`. It repeats the steps that `make test` and the
# steps in docs/production.md use, which are tested.
#
#   docker build -t starter .
#   docker run -p 8080:8080 -e ORIGIN=https://example.com -v starter-data:/app/data starter

FROM rust:1.95-bookworm AS build
RUN rustup target add wasm32-unknown-unknown \
    && apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/* \
    && npm install -g binaryen@132.0.0
# wasm-opt comes from npm's binaryen: Debian's is too old (see Cargo.toml).
COPY scripts/install-cargo-leptos.sh /tmp/
RUN /tmp/install-cargo-leptos.sh 0.3.11
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
# wasm-bindgen-cli at exactly the version in Cargo.lock.
RUN cargo install wasm-bindgen-cli --version \
    "$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')"
COPY . .
# --split: the lazy islands' code in wasm chunks of their own (README).
RUN cargo leptos build --release --precompress --split

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app app
WORKDIR /app
COPY --from=build /app/target/release/starter /app/starter
# The hashes of the site's file names, read from next to the binary.
COPY --from=build /app/target/release/hash.txt /app/hash.txt
COPY --from=build /app/target/site /app/site
RUN mkdir -p /app/data && chown app /app/data
ENV LEPTOS_OUTPUT_NAME=starter \
    LEPTOS_SITE_ROOT=/app/site \
    LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_SITE_ADDR=0.0.0.0:8080 \
    LEPTOS_ENV=PROD \
    LEPTOS_HASH_FILES=true \
    DATABASE_URL=sqlite:///app/data/app.db \
    RUST_LOG=warn,starter=info,tower_http=info
USER app
EXPOSE 8080
CMD ["/app/starter"]
