using Integration.Catalog.Data;
using Integration.Catalog.Data.Products;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Products;

/// <summary>How products are read: always with their variants, prices and channel ids.</summary>
internal static class ProductQueries
{
    public static IQueryable<Product> Tracked(CatalogDbContext db) =>
        db.Products.Include(p => p.Variants).Include(p => p.ExternalIds).AsSplitQuery();

    public static IQueryable<Product> ReadOnly(CatalogDbContext db) => Tracked(db).AsNoTracking();
}
