import type { Messages } from '../messages.js'
import type { agreement as en } from '../en/agreement.js'

export const agreement: Messages<typeof en> = {
  title: '借款协议',
  version: '版本 {{version}}',
  parties: '贷款人与商户编号 {{merchantId}}（“您”）于 {{date}} 订立。',
  loan: '一、借款。我们向您出借 {{amount}}，于 {{date}} 发放至您的商户钱包。',
  refill: '本笔借款先结清您的第 {{loanId}} 号借款（{{date}} 结清金额 {{payoff}}），余额进入您的钱包。',
  installments_one:
    '二、还款。您分 {{count}} 期（{{frequency}}）还款，于 {{maturesOn}} 还清。年利率 {{rate}}，按您尚欠的本金逐日计息。',
  installments_other:
    '二、还款。您分 {{count}} 期（{{frequency}}）还款，最后一期在 {{maturesOn}}。年利率 {{rate}}，按您尚欠的本金逐日计息。',
  salesShare:
    '二、还款。每天从您的结算款中扣除当日净销售额的 {{share}}，直到还清借款和手续费，最迟于 {{maturesOn}} 还清。不收利息。在下列每个日期前，您至少须还到所示金额。',
  cost: '三、费用。利息：{{cost}}。应还总额：{{total}}。年化利率（APR）：{{apr}}。',
  costSalesShare:
    '三、费用。手续费：{{cost}}。应还总额：{{total}}。只按最低还款额还款时的年化利率（APR）：{{apr}}；提前还清手续费不变。',
  payments: '四、还款计划：',
  minimums: '四、最低还款：',
  payment: '{{n}}. {{date}}：{{total}}（本金 {{principal}}，利息 {{interest}}）',
  minimum: '{{n}}. {{date}}：{{total}}（本金 {{principal}}，手续费 {{fee}}）',
  collection: '五、扣款。到期款项先从您每天的销售结算款中扣除；您也可以随时从钱包还款。',
  early: '六、提前还款。您可随时提前归还部分或全部借款，不收取任何费用；利息只计算到还款当天。',
  earlySalesShare: '六、提前还款。您可随时提前归还部分或全部借款；手续费不变。',
  late: '七、逾期。到期未还的本金按年利率 {{penalty}} 计收罚息，直至还清；逾期还款可能降低您的信用额度。',
  accept: '接受即表示您同意按上述条款借款。',
  frequency: { daily: '每日', weekly: '每周', monthly: '每月' },
}
