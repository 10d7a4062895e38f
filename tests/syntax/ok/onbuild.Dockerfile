FROM alpine
ONBUILD RUN echo triggered
ONBUILD COPY --chown=1:1 . /app
onbuild add x /y
ONBUILD
