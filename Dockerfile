# syntax=docker/dockerfile:1
# MailTracker: one image that co-hosts the Orleans silo and the ASP.NET Core API.
# Build:  docker build -t mailtracker:local .
# Run:    see docker-compose.yml (PostgreSQL + three silos + nginx gateway).

# ---- build -------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project graph only, so the layer is cached until a
# project file or the central package versions change.
COPY Directory.Build.props Directory.Packages.props MailTracker.sln .editorconfig ./
COPY src/Grains.Abstractions/Grains.Abstractions.csproj src/Grains.Abstractions/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Api/Api.csproj src/Api/
COPY src/Silo/Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Silo.csproj

COPY src/ src/
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app --no-restore

# ---- runtime -----------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_NOLOGO=1

COPY --from=build /app ./

# Non-root: the aspnet image ships user "app" (UID 1654) and sets APP_UID.
USER $APP_UID

# 8080 HTTP (API, tracking, /dashboard/), 11111 silo-to-silo, 30000 Orleans gateway.
EXPOSE 8080 11111 30000

# No curl/wget in the aspnet image; bash's /dev/tcp does a minimal HTTP GET.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "MailTracker.Silo.dll"]
