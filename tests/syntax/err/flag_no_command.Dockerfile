FROM alpine
RUN --mount=type=cache,target=/root/.cache
RUN echo after
