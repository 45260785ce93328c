import type { Messages } from '../messages.js'
import type { codes as en } from '../en/codes.js'

export const codes: Messages<typeof en> = {
  refusal: {
    validation_failed: '填写的内容有误。',
    not_found: '未找到。',
    forbidden: '您无权执行此操作。',
    insufficient_funds: '余额不足。',
    claim_already_decided: '此理赔已经决定过；每笔理赔只能决定一次。',
    claim_not_open: '此理赔已关闭：贷款已还清。',
    claim_amount_invalid: '金额与决定不符：部分接受的金额须大于零且不超过索赔金额。',
    claim_not_accepted: '此理赔未被接受，不能付款。',
    claim_overpaid: '金额超过此理赔仍需支付的部分。',
    payment_exceeds_open_proceeds: '金额超过您为这些交货所欠的货款。',
    future_date: '该日期在未来。',
    invalid_amount: '请输入大于零的金额。',
    idempotency_key_reused: '此表单已用其他内容提交过。请刷新页面后重试。',
    contract_already_financed: '此合同已放款，农资不能再修改。',
    contract_cancelled: '此合同已取消。',
    category_not_eligible: '该农资不适用于此作物。',
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
  },
  decline: {
    short_tenure: '您的店铺需要在我们这里有至少 30 天的销售记录。',
    no_recent_sales: '您的店铺近 14 天没有销售。',
    no_sales: '您的店铺近三个月没有净销售额。',
    risk_too_high: '您近期的销售暂不足以支持信用额度。',
  },
}
