FROM alpine AS build
COPY 
RUN echo after
