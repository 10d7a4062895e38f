ARG X=1
FROM 
RUN echo after
