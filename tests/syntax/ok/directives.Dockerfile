# syntax=docker/dockerfile:1.7
# Escape = \
#check=skip=JSONArgsRecommended;error=true
# not-a-directive=1
# escape=`
FROM alpine
