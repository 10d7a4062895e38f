FROM alpine AS build
FROM alpine
COPY --from=
RUN echo after
