FROM alpine
WORKDIR app
RUN apk add --no-cache curl=8.12.1-r1
