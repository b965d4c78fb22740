# Builds Bolthid-Setup-<version>.exe on Windows (PowerShell, Python 3.11 from python.org, Inno Setup 6).
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Every step must succeed: a failing pip, PyInstaller or ISCC stops the build (native programs do not
# raise in PowerShell, so each exit code is checked) – never an old build packaged with "Kész".
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Step([string]$what, [scriptblock]$run) {
  Write-Host "== $what"
  & $run
  if ($LASTEXITCODE -ne 0) { throw "Sikertelen lépés: $what (kilépési kód: $LASTEXITCODE)" }
}

$version = (Select-String -Path pyproject.toml -Pattern '^version = "(.+)"').Matches[0].Groups[1].Value
if (-not (Test-Path .venv)) { Step "venv" { py -3.11 -m venv .venv } }
Step "pip" { .venv\Scripts\python -m pip install -q -e . "pyinstaller>=6.5,<7" pyinstaller-versionfile }
New-Item -ItemType Directory -Force build | Out-Null
if (Test-Path build\dist\bolthid) { Remove-Item -Recurse -Force build\dist\bolthid }
Step "version file" {
  .venv\Scripts\create-version-file installer\windows\version.yml --outfile build\version_info.txt --version $version
}
Step "PyInstaller" {
  .venv\Scripts\pyinstaller --noconfirm --clean --distpath build\dist --workpath build\work installer\bolthid.spec
}
if (-not (Test-Path build\dist\bolthid\bolthid.exe)) { throw "A PyInstaller nem készítette el a bolthid.exe-t." }
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\iscc.exe"
if (-not (Test-Path $iscc)) { throw "Nincs Inno Setup 6: $iscc" }
$setup = "build\Bolthid-Setup-$version.exe"
if (Test-Path $setup) { Remove-Item -Force $setup }
Step "Inno Setup" { & $iscc "/DAppVersion=$version" installer\windows\bolthid.iss }
if (-not (Test-Path $setup)) { throw "Az ISCC nem készítette el: $setup" }
Write-Host "Kész: $setup"
