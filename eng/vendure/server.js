// Starts the pinned Vendure (installed by install.sh) on 127.0.0.1 with a SQLite file, seeding it when the file is new.
// Usage: node server.js --home <install folder> --port <port> --db <file.sqlite> [--fresh]
// Prints one line "VENDURE READY {json}" (API addresses, seeded ids) when the APIs answer, so a caller can wait for it.
// A restart on the same --db keeps every order and stock level (that is what the restart test needs); --fresh deletes it.
'use strict';
const path = require('path');
const fs = require('fs');
const { createRequire } = require('module');

function argument(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const homeArgument = argument('home', process.env.INTEGRATION_VENDURE_HOME);
const home = homeArgument ? path.resolve(homeArgument) : null;
const port = Number(argument('port', '3000'));
const db = path.resolve(argument('db', path.join(process.cwd(), 'vendure.sqlite')));
if (!home || !fs.existsSync(path.join(home, 'node_modules', '@vendure', 'core'))) {
  console.error(`VENDURE FAILED Vendure is not installed in '${home}': run eng/vendure/install.sh`);
  process.exit(2);
}
if (process.argv.includes('--fresh')) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(db + suffix, { force: true });
}
const seedNeeded = !fs.existsSync(db);

// A test storefront on loopback: no telemetry calls out, and nothing Vendure writes beside itself (.vendure/) lands in
// the caller's folder (the clone): it runs in the database's folder.
process.env.VENDURE_DISABLE_TELEMETRY = 'true';
fs.mkdirSync(path.dirname(db), { recursive: true });
process.chdir(path.dirname(db));

// Resolve Vendure from the install folder, not from this script's folder (node_modules never lives in the clone).
const vendureRequire = createRequire(path.join(home, 'package.json'));
const { bootstrap, dummyPaymentHandler, LogLevel, DefaultLogger } = vendureRequire('@vendure/core');

const superadmin = { identifier: 'superadmin', password: 'superadmin' };
const config = {
  apiOptions: {
    hostname: '127.0.0.1',
    // No browser talks to it: no cross-origin access at all.
    cors: false,
    port,
    adminApiPath: 'admin-api',
    shopApiPath: 'shop-api',
  },
  authOptions: {
    // Bearer tokens (vendure-auth-token header) instead of cookies: simpler for non-browser clients.
    tokenMethod: 'bearer',
    superadminCredentials: superadmin,
    requireVerification: false,
  },
  dbConnectionOptions: {
    type: 'better-sqlite3',
    database: db,
    // A test storefront: the schema is created from the entities, no migrations to keep.
    synchronize: true,
    logging: false,
  },
  paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
  logger: new DefaultLogger({ level: process.env.VENDURE_LOG_LEVEL === 'verbose' ? LogLevel.Verbose : LogLevel.Error }),
  plugins: [],
};

const adminUrl = `http://127.0.0.1:${port}/admin-api`;
let token = null;

async function admin(query, variables) {
  const response = await fetch(adminUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const next = response.headers.get('vendure-auth-token');
  if (next) token = next;
  const body = await response.json();
  if (body.errors) throw new Error(`${query.split('(')[0].trim()}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

function ok(result, what) {
  if (result && result.errorCode) throw new Error(`${what}: ${result.errorCode} ${result.message}`);
  return result;
}

const en = (name, extra = {}) => [{ languageCode: 'en', name, ...extra }];

// The seed: one channel (Vendure's default, EUR, 20 % VAT, prices without tax), two stock locations, three products
// with SKUs, a shipping method and two payment methods on Vendure's dummy handler (one settles at once, one only
// authorises, so a capture can be settled later through the Admin API).
async function seed() {
  await admin(`mutation($u:String!,$p:String!){ login(username:$u,password:$p){ ... on CurrentUser { id } ... on ErrorResult { errorCode message } } }`,
    { u: superadmin.identifier, p: superadmin.password });
  const { activeChannel } = await admin(`{ activeChannel { id } }`);
  const { createCountry } = await admin(`mutation($i:CreateCountryInput!){ createCountry(input:$i){ id } }`,
    { i: { code: 'DE', enabled: true, translations: en('Germany') } });
  const { createZone } = await admin(`mutation($i:CreateZoneInput!){ createZone(input:$i){ id } }`,
    { i: { name: 'Europe', memberIds: [createCountry.id] } });
  ok((await admin(`mutation($i:UpdateChannelInput!){ updateChannel(input:$i){ ... on Channel { id } ... on ErrorResult { errorCode message } } }`,
    { i: { id: activeChannel.id, defaultTaxZoneId: createZone.id, defaultShippingZoneId: createZone.id,
           defaultCurrencyCode: 'EUR', availableCurrencyCodes: ['EUR'], pricesIncludeTax: false } })).updateChannel, 'updateChannel');
  const { createTaxCategory } = await admin(`mutation($i:CreateTaxCategoryInput!){ createTaxCategory(input:$i){ id } }`,
    { i: { name: 'Standard', isDefault: true } });
  await admin(`mutation($i:CreateTaxRateInput!){ createTaxRate(input:$i){ id } }`,
    { i: { name: 'VAT', enabled: true, value: 20, categoryId: createTaxCategory.id, zoneId: createZone.id } });
  await admin(`mutation($i:CreateShippingMethodInput!){ createShippingMethod(input:$i){ id } }`, {
    i: {
      code: 'standard', fulfillmentHandler: 'manual-fulfillment', translations: en('Standard', { description: '' }),
      checker: { code: 'default-shipping-eligibility-checker', arguments: [{ name: 'orderMinimum', value: '0' }] },
      calculator: { code: 'default-shipping-calculator', arguments: [
        { name: 'rate', value: '500' }, { name: 'includesTax', value: 'exclude' }, { name: 'taxRate', value: '20' }] },
    },
  });
  for (const [code, settle] of [['dummy-settle', 'true'], ['dummy-authorize', 'false']]) {
    await admin(`mutation($i:CreatePaymentMethodInput!){ createPaymentMethod(input:$i){ id } }`, {
      i: { code, enabled: true, translations: en(code),
           handler: { code: 'dummy-payment-handler', arguments: [{ name: 'automaticSettle', value: settle }] } },
    });
  }
  const { stockLocations } = await admin(`{ stockLocations { items { id name } } }`);
  const main = stockLocations.items[0];
  const { createStockLocation } = await admin(`mutation($i:CreateStockLocationInput!){ createStockLocation(input:$i){ id name } }`,
    { i: { name: 'Second warehouse' } });
  // One product per variant: variants of one product need option groups, which nothing here is about.
  const products = [
    { name: 'Classic tee blue M', slug: 'tee-blue-m', variants: [['TEE-BLUE-M', 'Blue M', 2000, 10, 5]] },
    { name: 'Classic tee red L', slug: 'tee-red-l', variants: [['TEE-RED-L', 'Red L', 2000, 10, 0]] },
    { name: 'Mug', slug: 'mug', variants: [['MUG-WHITE', 'White', 1250, 20, 20]] },
  ];
  const variants = {};
  for (const product of products) {
    const { createProduct } = await admin(`mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }`,
      { i: { enabled: true, translations: en(product.name, { slug: product.slug, description: product.name }) } });
    const { createProductVariants } = await admin(
      `mutation($i:[CreateProductVariantInput!]!){ createProductVariants(input:$i){ id sku } }`, {
        i: product.variants.map(([sku, name, price, mainStock, secondStock]) => ({
          productId: createProduct.id, sku, price, enabled: true, trackInventory: 'TRUE', translations: en(name),
          stockLevels: [{ stockLocationId: main.id, stockOnHand: mainStock }, { stockLocationId: createStockLocation.id, stockOnHand: secondStock }],
        })),
      });
    for (const v of createProductVariants) variants[v.sku] = v.id;
  }
  return { stockLocations: { [main.name]: main.id, [createStockLocation.name]: createStockLocation.id }, variants };
}

async function main() {
  const started = Date.now();
  const app = await bootstrap(config);
  let seeded = null;
  if (seedNeeded) seeded = await seed();
  const ready = {
    adminApi: adminUrl,
    shopApi: `http://127.0.0.1:${port}/shop-api`,
    superadmin,
    db,
    seeded: seeded !== null,
    ...(seeded ?? {}),
    paymentMethods: ['dummy-settle', 'dummy-authorize'],
    shippingMethod: 'standard',
    startedInMs: Date.now() - started,
  };
  console.log(`VENDURE READY ${JSON.stringify(ready)}`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  console.error(`VENDURE FAILED ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
