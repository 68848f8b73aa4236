"""Queries and writes of pages, crawls, tasks, SKUs and campaign checks; never commits, never
publishes (the service does)."""

from services.content.repository.campaign_checks import (
    claim_campaign_checks,
    finish_campaign_check,
    insert_campaign_check,
    is_current,
    release_campaign_check,
)
from services.content.repository.clock import now
from services.content.repository.crawls import (
    claim_oldest_crawl,
    count_crawled,
    crawl_by_id,
    finish_crawl,
    full_crawl_pending,
    insert_crawl,
)
from services.content.repository.imports import (
    claim_import,
    count_batch,
    finish_import,
    import_by_id,
    insert_import,
    insert_pages_if_new,
    record_found,
)
from services.content.repository.pages import (
    delete_page,
    health_counts,
    insert_page_if_new,
    list_pages,
    missing_product_pages,
    missing_product_pages_after,
    page_by_id,
    page_by_url,
    pages_by_url,
    pages_to_crawl,
    product_pages,
    store_checks,
    upsert_page,
)
from services.content.repository.tasks import (
    clear_out_of_stock,
    close_tasks,
    learn_sku,
    learn_skus,
    list_tasks,
    mark_out_of_stock,
    open_task,
    task_by_id,
    update_task,
)

__all__ = [
    "claim_campaign_checks", "claim_import", "claim_oldest_crawl", "clear_out_of_stock", "close_tasks",
    "count_batch", "count_crawled", "crawl_by_id", "delete_page", "finish_campaign_check",
    "finish_crawl", "finish_import", "full_crawl_pending", "health_counts", "import_by_id",
    "insert_campaign_check", "insert_crawl", "insert_import", "insert_page_if_new",
    "insert_pages_if_new", "is_current", "learn_sku", "learn_skus", "list_pages", "list_tasks",
    "mark_out_of_stock",
    "missing_product_pages", "missing_product_pages_after", "now", "open_task", "page_by_id",
    "page_by_url", "pages_by_url", "pages_to_crawl",
    "product_pages", "record_found", "release_campaign_check", "store_checks", "task_by_id",
    "update_task", "upsert_page",
]
