// electron-builder configuration: `npm run dist` (needs the network for the Electron zip).
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'app.atelier.studio',
  productName: 'Atelier',
  copyright: 'Copyright © Atelier',
  directories: { output: 'release', buildResources: 'build' },
  files: ['dist/**/*', '!dist/**/*.map', 'package.json', 'assets/**/*'],
  // Native binaries cannot be loaded from inside the asar archive.
  asarUnpack: [
    'node_modules/onnxruntime-node/**',
    'node_modules/sharp/**',
    'node_modules/@img/**',
    'node_modules/libsql/**',
    'node_modules/@libsql/**',
    // The static ffmpeg and ffprobe used when the system has none: programs must be real files.
    'node_modules/@ffmpeg-installer/**',
    'node_modules/@ffprobe-installer/**',
  ],
  icon: 'build/icons/icon.png',
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: { target: ['AppImage', 'deb'], category: 'Graphics', maintainer: 'Atelier <hello@atelier.invalid>' },
  deb: { depends: ['ffmpeg'] },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.graphics-design',
    hardenedRuntime: true,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
  },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
  fileAssociations: [
    { ext: 'atelier', name: 'Atelier project', role: 'Editor', mimeType: 'application/x-atelier' },
  ],
  protocols: [],
};
