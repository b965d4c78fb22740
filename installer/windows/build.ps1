# Builds Bolthid-Setup-<version>.exe on Windows (PowerShell, Python 3.11 and Inno Setup 6 installed).
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$version = (Select-String -Path pyproject.toml -Pattern '^version = "(.+)"').Matches[0].Groups[1].Value
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install -q -e . "pyinstaller>=6.5,<7" pyinstaller-versionfile
New-Item -ItemType Directory -Force build | Out-Null
.venv\Scripts\create-version-file installer\windows\version.yml --outfile build\version_info.txt --version $version
.venv\Scripts\pyinstaller --noconfirm --clean --distpath build\dist --workpath build\work installer\bolthid.spec
& "${env:ProgramFiles(x86)}\Inno Setup 6\iscc.exe" "/DAppVersion=$version" installer\windows\bolthid.iss
Write-Host "Kész: build\Bolthid-Setup-$version.exe"
