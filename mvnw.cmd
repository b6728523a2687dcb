@REM Maven wrapper of socketio-spring-boot (Windows): runs the installed Maven.
@REM On Windows, install Apache Maven 3.9 and put mvn on the PATH; see README.md.
@echo off
where mvn >nul 2>nul
if errorlevel 1 (
  echo mvnw: no Maven found. Install Apache Maven 3.9 so that mvn is on the PATH. 1>&2
  exit /b 1
)
mvn %*
