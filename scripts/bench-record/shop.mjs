// The HTTP workload's own code (what `cinema record` records by default): a small shop service.
const catalog = new Map(Array.from({ length: 50 }, (_, i) => [`sku-${i}`, { sku: `sku-${i}`, price: 100 + i, stock: i % 7 }]));

export function findItem(sku) {
  return catalog.get(sku) ?? null;
}

export function quote(item, qty) {
  const subtotal = item.price * qty;
  const discount = qty >= 10 ? Math.round(subtotal * 0.05) : 0;
  return { sku: item.sku, qty, subtotal, discount, total: subtotal - discount };
}

export async function handleQuote(sku, qty) {
  const item = findItem(sku);
  if (!item) return { status: 404, body: { error: `no item ${sku}` } };
  await Promise.resolve();
  return { status: 200, body: quote(item, qty) };
}
