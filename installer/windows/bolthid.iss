; Inno Setup script: Bolthid-Setup-<version>.exe, a per-user install (no admin rights needed).
; Built on Windows by build.ps1 (see README, "Build"): first the PyInstaller one-folder build in
; build\dist\bolthid, then:  iscc /DAppVersion=0.1.0 installer\windows\bolthid.iss
; Under Wine for the tests: installer/windows/wine/build.sh.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
; The PyInstaller one-folder build; the Wine build (installer/windows/wine/build.sh) keeps its own.
#ifndef DistDir
  #define DistDir "..\..\build\dist\bolthid"
#endif

[Setup]
AppId={{6E3A2F4C-9B1D-4C57-8E0A-B01D1D000001}
AppName=Bolthíd
AppVersion={#AppVersion}
AppPublisher=Bolthíd
DefaultDirName={localappdata}\Programs\Bolthid
DefaultGroupName=Bolthíd
PrivilegesRequired=lowest
OutputDir=..\..\build
OutputBaseFilename=Bolthid-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\bolthid.ico
UninstallDisplayIcon={app}\bolthid.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The bundle is 64-bit (the Windows CPython and Qt wheels are win_amd64).
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "hu"; MessagesFile: "compiler:Languages\Hungarian.isl"

[Tasks]
Name: "desktopicon"; Description: "Parancsikon az asztalon"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Bolthíd"; Filename: "{app}\bolthid.exe"
Name: "{group}\Bolthíd eltávolítása"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Bolthíd"; Filename: "{app}\bolthid.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\bolthid.exe"; Description: "Bolthíd indítása"; Flags: nowait postinstall skipifsilent

[Code]
// The user's data (database, backups, settings) lives in %LOCALAPPDATA%\Bolthid\Bolthid and is kept on
// uninstall unless the user asks for it to be removed: then the API keys and passwords the program
// stored in the Windows Credential Manager go too (bolthid-cli forget-secrets, while the program is
// still there). A silent uninstall keeps the data (SuppressibleMsgBox answers No under
// /SUPPRESSMSGBOXES) unless /DELETEDATA=1 is given.
var
  DeleteData: Boolean;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  ResultCode: Integer;
begin
  if CurUninstallStep = usUninstall then
  begin
    DeleteData := ExpandConstant('{param:DELETEDATA|0}') = '1';
    if not DeleteData and not UninstallSilent then
      DeleteData := SuppressibleMsgBox(
        'Törli a Bolthíd adatait is (adatbázis, mentések, beállítások, tárolt jelszavak és API kulcsok)? '
        + 'Ez nem vonható vissza.', mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
    Log('Delete the data: ' + IntToStr(Ord(DeleteData)));
    if DeleteData then
      Exec(ExpandConstant('{app}\bolthid-cli.exe'), 'forget-secrets', '', SW_HIDE,
           ewWaitUntilTerminated, ResultCode);
  end;
  if (CurUninstallStep = usPostUninstall) and DeleteData then
  begin
    Log('Deleting the data folder: ' + ExpandConstant('{localappdata}\Bolthid'));
    if not DelTree(ExpandConstant('{localappdata}\Bolthid'), True, True, True) then
      Log('The data folder could not be deleted completely.');
  end;
end;
