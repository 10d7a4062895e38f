FROM alpine
ENV A=1 B="two words" C=3
ENV LEGACY value with spaces
ENV EMPTY=
LABEL org.opencontainers.image.title="docklens" version=1.0
LABEL legacy label value
ARG VERSION
ARG BASE=alpine:3.22
ARG C="x y" D
ARG E=
