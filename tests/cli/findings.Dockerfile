# A build with one finding of each kind the golden tests cover.
FROM golang:1.22 AS Builder
RU go build -o /out/app .

FROM alpine:3.22
COPY --from=Builder /out/app /app
WORKDIR héllo/😀/app
CMD ["/app"]
