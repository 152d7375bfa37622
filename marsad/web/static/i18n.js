// Interface labels in Arabic and English; the page direction follows the language.
const LABELS = {
  ar: {
    title: "مرصد", search: "بحث", search_hint: "نص عربي أو إنجليزي", actor: "الفاعل",
    with_proxies: "مع وكلائه", event_type: "نوع الحدث", sub_event_type: "النوع الفرعي",
    admin1: "المحافظة", place: "المكان", show_background: "إظهار الخلفية", since: "من", until: "إلى",
    reset: "إعادة ضبط", map: "الخريطة", network: "شبكة الفاعلين", events: "الأحداث",
    timeline: "الخط الزمني", clear_brush: "إلغاء التحديد", any: "الكل", day: "يومي", week: "أسبوعي",
    back: "→ العودة إلى القائمة", fields: "الحقول", sources: "المصادر", fatalities: "قتلى",
    loading: "جارٍ التحميل…", offline_tiles: "خلفية دون اتصال", no_events: "لا أحداث تطابق المرشحات",
    more: "و{n} حدثاً آخر — ضيّق المرشحات", background: "خلفية", route: "المسار",
    origin: "المنشأ", via: "عبر", destination: "الوجهة", precision_area: "موقع تقريبي (منطقة)",
    patron: "راعٍ", events_between: "أحداث بينهما", open_event: "فتح الحدث", error: "خطأ",
    no_text: "نص المصدر غير متاح", not_found: "الحدث غير موجود", lang_other: "English",
    inter_1: "قوات دولة", inter_2: "جماعات متمردة", inter_3: "ميليشيات سياسية",
    inter_4: "ميليشيات هوية", inter_5: "مثيرو شغب", inter_6: "محتجون", inter_7: "مدنيون",
    inter_8: "قوات خارجية/أخرى", inter_0: "غير معروف",
    "Battles": "معارك", "Explosions/Remote violence": "تفجيرات/عنف عن بُعد",
    "Violence against civilians": "عنف ضد المدنيين", "Protests": "احتجاجات", "Riots": "أعمال شغب",
    "Strategic developments": "تطورات استراتيجية",
    "Armed clash": "اشتباك مسلح", "Government regains territory": "استعادة الحكومة أراضيَ",
    "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على أراضٍ",
    "Chemical weapon": "سلاح كيميائي", "Air/drone strike": "غارة جوية/بطائرة مسيّرة",
    "Suicide bomb": "تفجير انتحاري", "Shelling/artillery/missile attack": "قصف مدفعي/صاروخي",
    "Remote explosive/landmine/IED": "عبوة ناسفة/لغم", "Grenade": "قنبلة يدوية",
    "Sexual violence": "عنف جنسي", "Attack": "هجوم",
    "Abduction/forced disappearance": "اختطاف/إخفاء قسري", "Peaceful protest": "احتجاج سلمي",
    "Protest with intervention": "احتجاج مع تدخل",
    "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
    "Violent demonstration": "مظاهرة عنيفة", "Mob violence": "عنف جماعي", "Agreement": "اتفاق",
    "Arrests": "اعتقالات", "Change to group/activity": "تغيير في نشاط جماعة",
    "Disrupted weapons use": "إحباط استخدام أسلحة",
    "Headquarters or base established": "إنشاء مقر أو قاعدة",
    "Looting/property destruction": "نهب/تدمير ممتلكات",
    "Non-violent transfer of territory": "انتقال غير عنيف للسيطرة", "Other": "أخرى",
    f_n_sources: "عدد المصادر", token_prompt: "هذا الخادم يطلب رمز دخول للقراءة:",
    inter_legend: "فئات الفاعلين (ACLED)", fusion: "الدمج",
    f_event_date: "التاريخ", f_time_precision: "دقة التاريخ", f_event_type: "نوع الحدث",
    f_sub_event_type: "النوع الفرعي", f_actor1: "الفاعل 1", f_assoc_actor_1: "حليف الفاعل 1",
    f_inter1: "فئة الفاعل 1", f_actor2: "الفاعل 2", f_assoc_actor_2: "حليف الفاعل 2",
    f_inter2: "فئة الفاعل 2", f_interaction: "التفاعل", f_civilian_targeting: "استهداف المدنيين",
    f_country: "البلد", f_admin1: "المحافظة", f_admin2: "المنطقة", f_admin3: "الناحية",
    f_location: "الموقع", f_latitude: "خط العرض", f_longitude: "خط الطول",
    f_geo_precision: "دقة الموقع", f_source: "المصدر", f_source_scale: "نطاق المصدر",
    f_notes: "ملاحظات", f_fatalities: "القتلى", f_plover: "PLOVER", f_background: "خلفية",
    f_route: "المسار", f_quantities: "الكميات", f_confidence: "الثقة", f_actor1_id: "معرّف الفاعل 1",
    f_actor2_id: "معرّف الفاعل 2", f_trigger: "الكلمة المفتاحية", f_id: "المعرّف",
    f_evidence: "الدليل",
  },
  en: {
    title: "marsad", search: "Search", search_hint: "Arabic or English text", actor: "Actor",
    with_proxies: "with proxies", event_type: "Event type", sub_event_type: "Sub-type",
    admin1: "Admin 1", place: "Place", show_background: "Show background", since: "From",
    until: "To", reset: "Reset", map: "Map", network: "Actor network", events: "Events",
    timeline: "Timeline", clear_brush: "Clear selection", any: "All", day: "per day",
    week: "per week", back: "← Back to list", fields: "Fields", sources: "Sources",
    fatalities: "fatalities", loading: "Loading…", offline_tiles: "offline background",
    no_events: "No events match the filters", more: "and {n} more — narrow the filters",
    background: "background", route: "Route", origin: "origin", via: "via",
    destination: "destination", precision_area: "approximate location (area)", patron: "patron",
    events_between: "events between them", open_event: "Open event", error: "Error",
    no_text: "source text not available", not_found: "event not found", lang_other: "العربية",
    inter_1: "State forces", inter_2: "Rebel groups", inter_3: "Political militias",
    inter_4: "Identity militias", inter_5: "Rioters", inter_6: "Protesters", inter_7: "Civilians",
    inter_8: "External/Other forces", inter_0: "Unknown", f_n_sources: "number of sources",
    token_prompt: "This server needs an access token for reads:", inter_legend: "Actor types (ACLED)",
    fusion: "fusion",
  },
};

let current = "ar";

export function setLang(lang) {
  current = LABELS[lang] ? lang : "ar";
  document.documentElement.lang = current;
  document.documentElement.dir = current === "ar" ? "rtl" : "ltr";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  return current;
}

export function lang() {
  return current;
}

export function isRtl() {
  return current === "ar";
}

/** The label for `key` in the current language (English, then the key itself, as fallback). */
export function t(key, vars = {}) {
  // English field labels are ACLED's own column names (f_event_date → event_date)
  const fallback = key.startsWith("f_") ? key.slice(2) : key;
  let s = LABELS[current][key] ?? LABELS.en[key] ?? fallback;
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}
