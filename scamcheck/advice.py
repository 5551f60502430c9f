"""What the user should do next, per label (Chinese, one or two sentences)."""

from __future__ import annotations

from .labels import Label

__all__ = ["ADVICE"]

ADVICE: dict[Label, str] = {
    Label.OFFICIAL_REMINDER: (
        "这像是贷款机构的正规提醒。请只通过官方App、本人名下还款卡或官方客服电话核实和还款，"
        "有困难可主动联系官方协商分期。"
    ),
    Label.AGGRESSIVE_COLLECTION: (
        "这条催收含有威胁、骚扰或虚构后果等违规内容。请保存短信截图作为证据，只通过官方渠道还款，"
        "并可向贷款机构、银行业保险业消费投诉热线12378或中国互联网金融协会投诉。"
    ),
    Label.LIKELY_SCAM: (
        "这很可能是诈骗：不要转账、不要提供验证码或银行卡信息、不要共享屏幕。"
        "请通过官方App或官方客服电话核实，受骗请立即拨打110或反诈专线96110。"
    ),
    Label.UNRELATED: "这条短信与欠款无关，无需特别处理。",
}
