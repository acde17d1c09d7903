export default definePageConfig({
  navigationBarTitleText: '按车牌发券',
});
