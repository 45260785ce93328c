import type { Messages } from '../messages.js'
import type { codes as en } from '../en/codes.js'

export const codes: Messages<typeof en> = {
  refusal: {
    validation_failed: '填写的内容有误。',
    not_found: '未找到。',
    forbidden: '您无权执行此操作。',
    insufficient_funds: '余额不足。',
  },
  reason: {
    short_tenure: '您的店铺在我们这里经营的时间还不长。',
    declining_sales: '您近三个月的销售额在下降。',
    recent_sales_drop: '您上周的销售额低于平常。',
    volatile_sales: '您每天的销售额波动较大。',
    high_refund_rate: '您近三个月的销售中退款占比较高。',
    recent_inactivity: '您的店铺已有几天没有销售。',
    low_sales_volume: '您的日销售额还比较小。',
    few_active_days: '近六个月中，您的店铺只有部分日子有销售。',
    few_orders: '近 30 天您的店铺订单较少。',
    sales_spike: '您上周的销售额远高于平常水平。',
    long_tenure: '您的店铺在我们这里经营已久。',
    growing_sales: '近六个月您的销售额保持稳定或有所增长。',
    steady_recent_sales: '您上周的销售额与平常水平相当。',
    steady_sales: '您每天的销售额很稳定。',
    few_refunds: '您的销售中很少退款。',
    recent_sales: '您的店铺最近几天有销售。',
    strong_sales_volume: '您的日销售额高于大多数店铺。',
    regular_sales_days: '近六个月中，您的店铺大多数日子都有销售。',
    many_orders: '近 30 天您的店铺订单很多。',
    line_from_sales: '您的额度根据您近三个月的净销售额确定。',
  },
  decline: {
    short_tenure: '您的店铺需要在我们这里有至少 30 天的销售记录。',
    no_recent_sales: '您的店铺近 14 天没有销售。',
    no_sales: '您的店铺近三个月没有净销售额。',
    risk_too_high: '您近期的销售暂不足以支持信用额度。',
  },
}
