import type { Messages } from '../messages.js'
import type { farm as en } from '../en/farm.js'

export const farm: Messages<typeof en> = {
  categories: {
    seed: '种子',
    fertilizer: '化肥',
    pesticide: '农药',
    feed: '饲料',
    veterinary: '兽医兽药',
    irrigation: '灌溉',
    equipment_rental: '农机租赁',
  },
  crops: { rice: '水稻', wheat: '小麦', corn: '玉米', hogs: '生猪', dairy: '奶牛' },
  requestStatus: {
    awaiting_farmer: '等待农户确认',
    confirmed: '已付款',
    cancelled: '已取消',
    expired: '已过期',
    locked: '已锁定',
  },
  productStatus: { pending_review: '等待审核', approved: '已通过', rejected: '未通过' },
  deliveryStatus: { awaiting_payment: '尚未付款', partly_paid: '部分付款', paid: '已付款' },
  settlementStatus: { pending: '已发出，待确认', paid: '已付款', failed: '失败，将重新发送' },
  kg: '{{kg}} 公斤',
  perKg: '每公斤 {{price}}',
  minutesLeft_one: '还剩 {{count}} 分钟',
  minutesLeft_other: '还剩 {{count}} 分钟',
  notANumber: '请输入整数。',
}
