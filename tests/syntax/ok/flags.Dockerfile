FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN --mount=type=cache,target=/root/.cache/go-build,sharing=locked \
    --mount=type=secret,id=npmrc,target=/root/.npmrc,required \
    --network=none --security=insecure go build ./...
COPY --from=build --chown=1000:1000 --chmod=755 --link /out/app /app
COPY --link=false --parents --exclude=*.md --exclude=docs src/ /src/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar.gz /a/
ADD --keep-git-dir=true --unpack=true https://github.com/moby/buildkit.git#v0.10.1 /bk
COPY --chown="app user" -- --weird-name /dst
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD curl -f http://localhost/ || exit 1
RUN --mount=type=bind,from=build,source=/out,target=/in ["ls", "/in"]
