FROM alpine
RUN <<EOF
apk add curl
echo done
RUN echo after
COPY a /b
