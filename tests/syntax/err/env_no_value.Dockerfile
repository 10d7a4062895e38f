FROM alpine
ENV PATH
RUN echo after
