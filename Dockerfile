# One image for the four services and the board; docker-compose.yml picks the service by command.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
COPY migrations ./migrations
RUN pip install --no-cache-dir .
RUN useradd --system --uid 10001 app
USER app
EXPOSE 8001 8002 8003 8004 8005
