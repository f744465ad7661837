// Notarises the signed macOS app. Credentials only from the environment; without them the step is skipped
// (local builds and unsigned dry runs stay unnotarised) — except on the release path, where the workflow sets
// COINSPARK_REQUIRE_NOTARIZATION=1 and a missing credential fails the build instead of shipping it unnotarised.
//   APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID      — Apple ID flow, or
//   APPLE_API_KEY (path to .p8), APPLE_API_KEY_ID, APPLE_API_ISSUER — App Store Connect API key flow.
const path = require('node:path');

function credentials(env) {
  if (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) {
    return { appleApiKey: env.APPLE_API_KEY, appleApiKeyId: env.APPLE_API_KEY_ID, appleApiIssuer: env.APPLE_API_ISSUER };
  }
  if (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) {
    return { appleId: env.APPLE_ID, appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD, teamId: env.APPLE_TEAM_ID };
  }
  return undefined;
}

exports.credentials = credentials;

exports.default = async function afterSign(context) {
  if (context.electronPlatformName !== 'darwin') return;
  const creds = credentials(process.env);
  if (!creds && process.env.COINSPARK_REQUIRE_NOTARIZATION === '1') {
    throw new Error('[after-sign] notarisation is required (COINSPARK_REQUIRE_NOTARIZATION=1) but no Apple credentials are set');
  }
  if (!creds) {
    console.log('[after-sign] no Apple notarisation credentials in the environment: skipping notarisation');
    return;
  }
  const { notarize } = await import('@electron/notarize');
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  console.log(`[after-sign] notarising ${appPath}`);
  await notarize({ appPath, ...creds });
};
